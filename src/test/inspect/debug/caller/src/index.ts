// debug/caller: a public backend that asks debug/greeter for a greeting over RPC.

type Env = {
  W7S_RPC: Fetcher;
  W7S_RPC_TOKEN: string;
};

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const name: string = new URL(request.url).searchParams.get("name") ?? "world";
    const response = await env.W7S_RPC.fetch(
      `https://w7s.internal/api/v1/rpc/debug/greeter/greet?name=${encodeURIComponent(name)}`,
      { headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}` } }
    );
    return Response.json({ status: response.status, greeting: await response.json() });
  },
};
