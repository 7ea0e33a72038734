// The W7S bindings on workerd, for bench/compare.sh: the main module of every generated worker.
// It imports the app (bundled by esbuild as ./app.js, sources unchanged) and gives it the env the
// W7S host would: W7S_OWNER/REPO/REPOSITORY/ENVIRONMENT, W7S_RPC_TOKEN, and W7S_RPC, whose fetch
// maps https://<any>/api/v1/rpc/<owner>/<repo>/<path> onto a workerd service binding of the target
// (named W7S_TARGET:<owner>/<repo> in the generated config): the target receives /<path>?<query>
// on https://w7s.internal, without `authorization` and x-w7s-rpc* headers, plus the identity
// headers. Token check as on the host; no allowlist (the benchmark's chain stays within one owner).
import app from "./app.js";

const RPC_PREFIX = "/api/v1/rpc/";
const envs = new WeakMap();

function rpcError(status, code, message) {
  return Response.json({ error: { code, message } }, { status, headers: { "x-w7s-rpc-error": code } });
}

function appEnv(env) {
  let result = envs.get(env);
  if (result) return result;
  const identity = {
    "x-w7s-rpc": "1",
    "x-w7s-rpc-caller-owner": env.W7S_OWNER,
    "x-w7s-rpc-caller-repo": env.W7S_REPO,
    "x-w7s-rpc-caller-repository": env.W7S_REPOSITORY,
    "x-w7s-rpc-caller-environment": env.W7S_ENVIRONMENT,
  };
  const rpc = {
    async fetch(input, init) {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (!url.pathname.startsWith(RPC_PREFIX)) return rpcError(404, "not_found", "not an RPC URL");
      const rest = url.pathname.slice(RPC_PREFIX.length);
      const parts = rest.split("/");
      if (parts.length < 2 || !parts[0] || !parts[1]) return rpcError(404, "not_found", "no owner/repo");
      if (request.headers.get("authorization") !== `Bearer ${env.W7S_RPC_TOKEN}`) {
        return rpcError(401, "unauthorized", "missing or wrong bearer token");
      }
      const target = env["W7S_TARGET:" + `${parts[0]}/${parts[1]}`.toLowerCase()];
      if (!target) return rpcError(404, "not_found", `no deployment ${parts[0]}/${parts[1]}`);
      const headers = new Headers();
      for (const [name, value] of request.headers) {
        if (name !== "authorization" && !name.startsWith("x-w7s-rpc")) headers.append(name, value);
      }
      for (const name in identity) headers.set(name, identity[name]);
      const path = "/" + parts.slice(2).join("/");
      return target.fetch(`https://w7s.internal${path}${url.search}`, {
        method: request.method,
        headers,
        body: request.body,
        redirect: "manual",
      });
    },
  };
  result = { ...env, W7S_RPC: rpc };
  for (const key of Object.keys(result)) if (key.startsWith("W7S_TARGET:")) delete result[key];
  envs.set(env, result);
  return result;
}

export default {
  fetch(request, env, ctx) {
    return app.fetch(request, appEnv(env), ctx);
  },
};
