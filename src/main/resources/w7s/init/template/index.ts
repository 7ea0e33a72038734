// A W7S backend, Cloudflare-Workers style. `w7s dev .` (or `w7s serve .`) runs it.
// env's types come from ./w7s-env.d.ts; add your own names with `interface Env { API_KEY: string }` in a .d.ts file.
import { callW7s } from "./w7s-rpc";

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/") {
      return Response.json({ hello: env.W7S_REPOSITORY, environment: env.W7S_ENVIRONMENT });
    }
    if (url.pathname === "/rpc-example") {
      // Calls another deployed backend in-process (404 not_deployed until it runs on this host).
      // Cross-owner calls need the target's w7s.json "rpc": { "allow": ["<your owner>"] }.
      return callW7s(env, "w7s-io/example-rpc-datetime", "/");
    }
    return new Response("Not found", { status: 404 });
  },
};
