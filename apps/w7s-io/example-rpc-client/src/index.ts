// w7s-io/example-rpc-client: a public backend that asks w7s-io/example-rpc-datetime for the
// current UTC datetime through env.W7S_RPC (in-process, no public DNS).

type Env = {
  W7S_RPC: Fetcher;
  W7S_RPC_TOKEN: string;
  W7S_REPOSITORY: string;
};

type DatetimeBody = { datetime: string; unixMillis: number; timezone: "UTC" };

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== "/") {
      return new Response("Not found", { status: 404 });
    }
    const response = await env.W7S_RPC.fetch(
      "https://w7s.internal/api/v1/rpc/w7s-io/example-rpc-datetime/now",
      { headers: { authorization: `Bearer ${env.W7S_RPC_TOKEN}` } }
    );
    if (!response.ok) {
      return new Response("Datetime service unavailable", { status: 502 });
    }
    const body = (await response.json()) as DatetimeBody;
    return Response.json({ datetime: body.datetime, via: "rpc", client: env.W7S_REPOSITORY });
  },
};
