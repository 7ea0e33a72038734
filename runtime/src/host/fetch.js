// The global fetch(): the request goes to the Java host's HTTP client (OutboundFetch), the
// response comes back as a task on this isolate's loop. Bodies stream both ways, through the
// same host streams as public and RPC bodies (./streams.js): a ReadableStream request body is
// pumped to the host as the client sends it, and a response body is a stream pulled from the host.
import { requestToHost, responseFromHost } from "../web/index.js";
import { bytesFromHost, headersFromHost, headersToHost } from "./bytes.js";

export function installFetch(global, host, streams) {
  const calls = new Map();
  let nextCall = 1;

  async function fetch(input, init = undefined) {
    const request = new Request(input, init);
    const signal = request.signal;
    signal.throwIfAborted();
    const redirect = request.redirect;
    const parts = requestToHost(request);
    const b = parts.body;
    const sid = parts.stream !== null ? host.openStream() : -1;
    const response = new Promise((resolve, reject) => {
      const id = nextCall++;
      const onAbort = () => {
        if (!calls.delete(id)) return;
        host.abortFetch(id);
        reject(signal.reason);
      };
      calls.set(id, { resolve, reject, signal, onAbort });
      signal.addEventListener("abort", onAbort, { once: true });
      host.fetch(id, parts.method, parts.url, headersToHost(parts.headers),
        b ? b.buffer : null, b ? b.byteOffset : 0, b ? b.byteLength : 0, redirect, sid);
    });
    if (sid >= 0) streams.pumpToHost(parts.stream, sid);
    return response;
  }

  Object.defineProperty(global, "fetch", { value: fetch, writable: true, configurable: true, enumerable: false });

  /**
   * Called by Java on the loop thread: a response (its body buffered in `body`, or streamed from
   * host stream `sid` ≥ 0), or `error` (a message) for a network error.
   */
  return function fetchDone(id, status, statusText, headers, body, url, redirected, error, sid) {
    const call = calls.get(id);
    if (!call) { // aborted meanwhile
      if (sid >= 0) host.streamCancel(sid, "the fetch was aborted");
      return;
    }
    calls.delete(id);
    call.signal.removeEventListener("abort", call.onAbort);
    if (error !== null) {
      call.reject(new TypeError(error));
      return;
    }
    call.resolve(responseFromHost(status, statusText, headersFromHost(headers), bytesFromHost(body), url, redirected,
      sid >= 0 ? streams.streamFromHost(sid, call.signal) : null));
  };
}
