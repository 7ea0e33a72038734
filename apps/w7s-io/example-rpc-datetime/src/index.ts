// w7s-io/example-rpc-datetime: the RPC target from the W7S contract.
// It returns the current UTC datetime; other backends call it through env.W7S_RPC.

type DatetimeBody = {
  datetime: string;
  unixMillis: number;
  timezone: "UTC";
};

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== "/" && url.pathname !== "/now") {
      return new Response("Not found", { status: 404 });
    }
    const now = new Date();
    const body: DatetimeBody = {
      datetime: now.toISOString(),
      unixMillis: now.getTime(),
      timezone: "UTC",
    };
    return Response.json(body);
  },
};
