// Globals backed by the Java host (console, timers, queueMicrotask, crypto, performance,
// reportError) and the request dispatcher handed to Java through host.ready().
import { requestFromHost, responseToHost, ErrorEvent, PromiseRejectionEvent, fireEvent, setReportException, setAbortTimer } from "../web/index.js";
import { installConsole, describeError, describeValue } from "./console.js";
import { installTimers } from "./timers.js";
import { installCrypto } from "./crypto.js";
import { createRpcBinding } from "./rpc.js";
import { installFetch } from "./fetch.js";
import { installStreams } from "./streams.js";
import { installSubrequests } from "./subrequest.js";
import { bytesFromHost, headersFromHost, headersToHost } from "./bytes.js";
import { NO_STREAM } from "./protocol.js";
import { AbortController } from "../web/abort.js";
import { DOMException } from "../web/dom-exception.js";

export function installHost(global, host) {
  installConsole(global, host);
  const fireTimer = installTimers(global, host);
  setAbortTimer(global.setTimeout); // AbortSignal.timeout keeps working if a program replaces setTimeout
  installCrypto(global, host);
  const streams = installStreams(host);
  const subrequests = installSubrequests(host, streams);
  installFetch(global, subrequests);

  // HTML "report an exception": an `error` ErrorEvent at the global; logged unless a listener
  // called preventDefault(). An exception thrown while that event is dispatched is only logged.
  let reporting = false;
  const reportError = (error) => {
    if (reporting) {
      host.log("error", "Uncaught " + describeError(error));
      return;
    }
    reporting = true;
    let log = true;
    try {
      log = fireEvent(global, new ErrorEvent("error", { message: errorMessage(error), error, cancelable: true }));
    } finally {
      reporting = false;
    }
    if (log) host.log("error", "Uncaught " + describeError(error));
  };
  setReportException(reportError);
  define(global, "reportError", function reportError_(error) {
    if (arguments.length < 1) throw new TypeError("reportError: 1 argument required, but only 0 present.");
    reportError(error);
  });
  define(global, "queueMicrotask", function queueMicrotask(callback) {
    if (typeof callback !== "function") throw new TypeError("queueMicrotask: callback is not a function");
    Promise.resolve().then(() => {
      try { callback(); } catch (e) { reportError(e); }
    });
  });
  const timeOrigin = host.timeOrigin();
  define(global, "performance", Object.freeze({
    now: () => host.now(),
    timeOrigin,
    toJSON: () => ({ timeOrigin }),
  }));

  // Unhandled rejections: GraalJS calls this handler (js.unhandled-rejections=handler).
  const graal = global.Graal;
  if (graal && typeof graal.setUnhandledPromiseRejectionHandler === "function") {
    graal.setUnhandledPromiseRejectionHandler((reason, promise) => {
      if (promise === null || (typeof promise !== "object" && typeof promise !== "function")) {
        promise = Promise.reject(reason);
        promise.catch(() => {});
      }
      const event = new PromiseRejectionEvent("unhandledrejection", { promise, reason, cancelable: true });
      if (fireEvent(global, event)) host.log("error", "Unhandled promise rejection: " + describeError(reason));
    });
  }
  delete global.Graal;
  // Host class lookup is denied anyway; without the object apps cannot even probe for it.
  delete global.Java;
  // Present because WebAssembly needs polyglot eval of "wasm" (see Sandbox.java); apps never get it.
  delete global.Polyglot;

  let handler = null;
  let env = null;
  // Requests in flight, by id: their AbortSignal, made on first use (most handlers never read it).
  const live = new Map();
  const signalOf = (entry) => () => {
    if (entry.controller === null) {
      entry.controller = new AbortController();
      if (entry.aborted) entry.controller.abort(entry.reason);
    }
    return entry.controller.signal;
  };

  class ExecutionContext {
    waitUntil(promise) {
      host.waitUntilChanged(1);
      Promise.resolve(promise).then(
        () => host.waitUntilChanged(-1),
        (e) => {
          host.waitUntilChanged(-1);
          host.log("error", "A ctx.waitUntil() promise rejected: " + describeError(e));
        });
    }
    // Documented no-op: there is no origin to pass through to.
    passThroughOnException() {}
  }

  async function serve(id, method, url, headers, body, sid) {
    const entry = { controller: null, aborted: false, reason: undefined };
    live.set(id, entry);
    try {
      await respond(id, method, url, headers, body, sid, entry);
    } finally {
      live.delete(id);
    }
  }

  async function respond(id, method, url, headers, body, sid, entry) {
    let response;
    try {
      const request = requestFromHost(method, url, headersFromHost(headers), bytesFromHost(body),
        sid !== NO_STREAM ? streams.streamFromHost(sid) : null, signalOf(entry));
      response = await handler.fetch(request, env, new ExecutionContext());
    } catch (e) {
      host.fail(id, "Uncaught exception in fetch handler: " + describeError(e));
      return;
    }
    if (!(response instanceof Response)) {
      host.fail(id, "The fetch handler returned " + describeValue(response)
        + " instead of a Response; return e.g. new Response(\"text\") or Response.json(data)");
      return;
    }
    if (response.type === "error") {
      host.fail(id, "The fetch handler returned Response.error() (a network error)");
      return;
    }
    let parts;
    try {
      parts = responseToHost(response);
    } catch (e) {
      host.fail(id, "Reading the response failed: " + describeError(e));
      return;
    }
    const b = parts.body;
    // A stream body: the head completes the request now, the chunks follow as the program makes them.
    const out = parts.stream !== null ? host.openStream() : NO_STREAM;
    host.complete(id, parts.status, parts.statusText, headersToHost(parts.headers),
      b ? b.buffer : null, b ? b.byteOffset : 0, b ? b.byteLength : 0, out);
    if (out !== NO_STREAM) streams.pumpToHost(parts.stream, out);
  }

  // The entry points Java calls (io.w7s.host.isolate.JsApi; the protocol is in ./protocol.js).
  host.ready({
    init(appHandler, envFlat) {
      handler = appHandler;
      const e = {};
      for (let i = 0; i < envFlat.length; i += 2) e[envFlat[i]] = envFlat[i + 1];
      e.W7S_RPC = createRpcBinding(subrequests);
      env = e;
    },
    dispatch(id, method, url, headers, body, sid) {
      serve(id, method, url, headers, body, sid);
    },
    abort(id, reason) {
      const entry = live.get(id);
      if (entry === undefined || entry.aborted) return;
      entry.aborted = true;
      entry.reason = new DOMException(reason, "AbortError");
      if (entry.controller !== null) entry.controller.abort(entry.reason);
    },
    fireTimer,
    subrequestDone: subrequests.subrequestDone,
    streamEvent: streams.streamEvent,
  });
}

function errorMessage(error) {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    return "";
  }
}

function define(global, name, value) {
  Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
}
