// The global fetch(): the request goes to the Java host's HTTP client (OutboundFetch), the
// response comes back as a task on this isolate's loop. Bodies are buffered for now.
import { requestToHost, responseFromHost, readStreamBytes } from "../web/index.js";
import { bytesFromHost, headersFromHost, headersToHost } from "./bytes.js";

export function installFetch(global, host) {
  const calls = new Map();
  let nextCall = 1;

  async function fetch(input, init = undefined) {
    const request = new Request(input, init);
    const signal = request.signal;
    signal.throwIfAborted();
    const redirect = request.redirect;
    const parts = requestToHost(request);
    const b = parts.stream !== null ? await readStreamBytes(parts.stream) : parts.body;
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
      const id = nextCall++;
      const onAbort = () => {
        if (!calls.delete(id)) return;
        host.abortFetch(id);
        reject(signal.reason);
      };
      calls.set(id, { resolve, reject, signal, onAbort });
      signal.addEventListener("abort", onAbort, { once: true });
      host.fetch(id, parts.method, parts.url, headersToHost(parts.headers),
        b ? b.buffer : null, b ? b.byteOffset : 0, b ? b.byteLength : 0, redirect);
    });
  }

  Object.defineProperty(global, "fetch", { value: fetch, writable: true, configurable: true, enumerable: false });

  /** Called by Java on the loop thread: a response, or `error` (a message) for a network error. */
  return function fetchDone(id, status, statusText, headers, body, url, redirected, error) {
    const call = calls.get(id);
    if (!call) return; // aborted meanwhile
    calls.delete(id);
    call.signal.removeEventListener("abort", call.onAbort);
    if (error !== null) {
      call.reject(new TypeError(error));
      return;
    }
    call.resolve(responseFromHost(status, statusText, headersFromHost(headers), bytesFromHost(body), url, redirected));
  };
}
