// Test app exercising the handler contract, module resolution and the sandbox.
import { shout } from "./lib/util";          // no extension -> util.ts
import { libName } from "./lib";             // folder -> lib/index.ts
import { helperName } from "./helper.js";    // .js that is really helper.ts
import { plainName } from "./plain";          // plain JS module
import data from "./data.json";              // JSON module

interface Env {
  GREETING: string;
  W7S_OWNER: string;
  W7S_REPO: string;
  W7S_REPOSITORY: string;
  W7S_ENVIRONMENT: string;
}

type Ctx = { waitUntil(p: Promise<unknown>): void };

let waitUntilDone = "no";
// /wait-until's work waits for /wait-until-release; /wait-until-done answers when that work is done.
let releaseWaitUntil: () => void = () => {};
let waitUntilWork: Promise<void> = Promise.resolve();
let release: (() => void) | null = null;
let gate = new Promise<void>((resolve) => { release = resolve; });
// Requests parked at /gate, and the /gate-waiting requests waiting for a count of them.
let gateWaiting = 0;
let gateWatchers: (() => void)[] = [];
globalThis.shared = globalThis.shared ?? "basics";

function fail(): never {
  throw new Error("thrown on purpose");
}

export default {
  async fetch(request: Request, env: Env, ctx: Ctx): Promise<Response> {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/modules":
        return Response.json({ util: shout("util"), lib: libName, helper: helperName, plain: plainName, data });
      case "/echo": {
        const headers: Record<string, string> = {};
        request.headers.forEach((value, name) => { headers[name] = value; });
        return Response.json({ method: request.method, url: request.url, headers, body: await request.text() });
      }
      case "/echo-bytes":
        return new Response(await request.arrayBuffer(), {
          status: 201,
          headers: { "content-type": "application/octet-stream", "x-length": String(request.headers.get("content-length")) },
        });
      case "/cookies": {
        const headers = new Headers();
        headers.append("set-cookie", "a=1; Path=/");
        headers.append("set-cookie", "b=2; Path=/; HttpOnly");
        headers.set("x-custom", "yes");
        return new Response("cookies", { status: 200, headers });
      }
      case "/status":
        return new Response("teapot", { status: Number(url.searchParams.get("code")), statusText: "I'm a teapot" });
      case "/throw":
        fail();
      case "/reject":
        return await Promise.reject(new TypeError("rejected on purpose"));
      case "/response-error":
        return Response.error();
      case "/not-response":
        return { hello: 1 } as unknown as Response;
      case "/timers": {
        const order: string[] = [];
        await new Promise<void>((resolve) => {
          let ticks = 0;
          const interval = setInterval(() => {
            ticks++;
            order.push("interval" + ticks);
            if (ticks === 3) {
              clearInterval(interval);
              setTimeout(resolve, 30); // an uncleared interval would tick again meanwhile
            }
          }, 5);
          const cancelled = setTimeout(() => order.push("never"), 1);
          clearTimeout(cancelled);
          setTimeout((a: string) => order.push("timeout-" + a), 0, "arg");
          setTimeout(() => order.push("same-delay-second"), 0);
          queueMicrotask(() => order.push("microtask"));
        });
        return Response.json(order);
      }
      case "/wait-until": {
        // The work goes on after the response, and ends only when another request releases it.
        waitUntilDone = "pending";
        const released = new Promise<void>((resolve) => { releaseWaitUntil = resolve; });
        waitUntilWork = released.then(() => { waitUntilDone = "done"; });
        ctx.waitUntil(waitUntilWork);
        return new Response("scheduled");
      }
      case "/wait-until-result":
        return new Response(waitUntilDone);
      case "/wait-until-release":
        releaseWaitUntil();
        return new Response("released");
      case "/wait-until-done":
        await waitUntilWork;
        return new Response(waitUntilDone);
      case "/gate": {
        gateWaiting++;
        gateWatchers.forEach((w) => w());
        const passed = gate;
        await passed;
        return new Response("passed");
      }
      case "/gate-waiting": {
        // Answers once at least ?n requests are parked at /gate.
        const n = Number(url.searchParams.get("n"));
        while (gateWaiting < n) await new Promise<void>((resolve) => gateWatchers.push(resolve));
        gateWatchers = [];
        return new Response(String(gateWaiting));
      }
      case "/open":
        release!();
        gate = new Promise<void>((resolve) => { release = resolve; });
        gateWaiting = 0;
        return new Response("opened");
      case "/env":
        return Response.json(env);
      case "/global":
        return new Response(String(globalThis.shared));
      case "/sandbox": {
        // Not a literal, so only the runtime file system can refuse it.
        const outside = ["", "etc", "passwd"].join("/");
        return Response.json({
          Java: typeof (globalThis as any).Java,
          Polyglot: typeof (globalThis as any).Polyglot,
          Graal: typeof (globalThis as any).Graal,
          load: typeof (globalThis as any).load,
          print: typeof (globalThis as any).print,
          process: typeof (globalThis as any).process,
          require: typeof (globalThis as any).require,
          host: typeof (globalThis as any).__w7s_host,
          importOutside: await import(outside).then(() => "loaded", (e) => "refused: " + e),
        });
      }
      case "/log":
        console.log("log-marker", { n: 1 });
        console.warn("warn-marker");
        Promise.reject(new Error("nobody catches this"));
        return new Response("logged");
      case "/log-forgery":
        // Each call tries to make host log lines of its own: new lines in every spelling, terminal
        // escapes (erase line, cursor up, colour, C1 CSI), Unicode separators and bidi overrides.
        console.log("forgery-marker-a\nERROR deploy failed: lf");
        console.log("forgery-marker-b\r\nERROR deploy failed: crlf\rERROR deploy failed: cr\n");
        console.error("forgery-marker-c \u001b[2K\u001b[1A\u001b[31mred\u009b2K\u2028ERROR deploy failed: ls\u2029ps\u202eevil\b\b\f\u0000\u007f");
        return new Response("forged");
      case "/suppressed-errors": {
        // listeners registered once per isolate: they cancel only events carrying their marker
        if (!(globalThis as any).suppressorsInstalled) {
          (globalThis as any).suppressorsInstalled = true;
          addEventListener("unhandledrejection", (e: any) => {
            if (String(e.reason).includes("suppressed-rejection-marker")) e.preventDefault();
          });
          addEventListener("error", (e: any) => {
            if (String(e.error).includes("suppressed-error-marker")) e.preventDefault();
          });
        }
        Promise.reject(new Error("suppressed-rejection-marker"));
        reportError(new Error("suppressed-error-marker"));
        reportError(new Error("reported-error-marker"));
        // In a later task: GraalJS reports a task's unhandled rejections once its microtasks are
        // done, so once this one is logged the suppressed one was handled (order, not time).
        setTimeout(() => Promise.reject(new Error("logged-rejection-marker")), 0);
        return new Response("reported");
      }
      case "/upload": {
        const form = await request.formData();
        const out: Record<string, unknown> = {};
        for (const [name, value] of form) {
          if (typeof value === "string") out[name] = value;
          else out[name] = { name: value.name, type: value.type, size: value.size, bytes: Array.from(await value.bytes()) };
        }
        return Response.json(out);
      }
      case "/web":
        return Response.json({
          b64: btoa("hi"),
          unb64: atob("aGk="),
          uuid: crypto.randomUUID(),
          random: crypto.getRandomValues(new Uint8Array(4)).length,
          encoded: Array.from(new TextEncoder().encode("é")),
          clone: structuredClone(new Map([["k", 1]])).get("k"),
          now: performance.now() >= 0,
          greeting: env.GREETING,
        });
      default:
        return new Response("Not found", { status: 404 });
    }
  },
};

declare global {
  // eslint-disable-next-line no-var
  var shared: string | undefined;
}
