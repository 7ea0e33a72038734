import { callW7s } from "./w7s-rpc";
export default {
  async fetch(request: Request, env: Env) {
    const response = await callW7s(env, "guerrerocarlos/auth", "/session", {
      headers: {
        cookie: request.headers.get("cookie") ?? ""
      }
    });
    return response.ok
      ? response
      : new Response("Auth service failed", { status: 502 });
  }
};
