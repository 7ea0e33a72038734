type Env = {
  W7S_RPC: Fetcher;
  W7S_RPC_TOKEN: string;
};
export default {
  async fetch(_request: Request, env: Env) {
    const response = await env.W7S_RPC.fetch(
      "https://w7s.internal/api/v1/rpc/guerrerocarlos/auth/session",
      {
        headers: {
          authorization: `Bearer ${env.W7S_RPC_TOKEN}`
        }
      }
    );
    if (!response.ok) {
      return new Response("Auth service failed", { status: 502 });
    }
    const session = await response.json();
    return Response.json({ session });
  }
};
