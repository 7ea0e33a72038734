// env.W7S_RPC: a Fetcher whose fetch() goes to the host's RPC control plane, in-process.
// Each Fetcher carries the call depth of the request whose env it sits in, so A -> B -> A loops
// are cut off by the host (508 loop_detected) without apps forwarding anything.
import { requestToHost, responseFromHost } from "../web/index.js";
import { bytesFromHost, headersFromHost, headersToHost } from "./bytes.js";

export function installRpc(host, streams) {
  const calls = new Map();
  let nextCall = 1;

  class Fetcher {
    #depth;

    constructor(depth) {
      this.#depth = depth;
    }

    /** Same signature as the global fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>. */
    async fetch(input, init = undefined) {
      const request = new Request(input, init);
      const parts = requestToHost(request);
      const b = parts.body;
      // A stream body streams to the target: it is pumped as the target reads it.
      const sid = parts.stream !== null ? host.openStream() : -1;
      const response = new Promise((resolve, reject) => {
        const id = nextCall++;
        calls.set(id, { resolve, reject });
        host.rpc(id, parts.method, parts.url, headersToHost(parts.headers),
          b ? b.buffer : null, b ? b.byteOffset : 0, b ? b.byteLength : 0, this.#depth + 1, sid);
      });
      if (sid >= 0) streams.pumpToHost(parts.stream, sid);
      return response;
    }

    get [Symbol.toStringTag]() {
      return "Fetcher";
    }
  }

  const fetchers = new Map();
  return {
    /** The Fetcher for requests handled at `depth` (0 = public). */
    fetcherAt(depth) {
      let f = fetchers.get(depth);
      if (!f) fetchers.set(depth, f = new Fetcher(depth));
      return f;
    },
    /** Called by Java on the loop thread when a call finished: a response, or `error` (a message) when there is none. */
    rpcDone(id, status, statusText, headers, body, error, sid) {
      const call = calls.get(id);
      if (!call) {
        if (sid >= 0) host.streamCancel(sid, "nobody waits for this response");
        return;
      }
      calls.delete(id);
      if (error !== null) {
        call.reject(new TypeError("W7S_RPC.fetch failed: " + error));
        return;
      }
      call.resolve(responseFromHost(status, statusText, headersFromHost(headers), bytesFromHost(body), "", false,
        sid >= 0 ? streams.streamFromHost(sid) : null));
    },
  };
}
