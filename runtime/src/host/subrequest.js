// Every request a program makes goes out through here: the global fetch() on CHANNEL_FETCH (real
// HTTP) and env.W7S_RPC.fetch() on CHANNEL_RPC (the in-process RPC router). They differ only in
// their channel. Bodies stream both ways through the host streams (./streams.js); the request's
// AbortSignal cancels the call; the response comes back as subrequestDone on this isolate's loop.
import { requestToHost, responseFromHost } from "../web/index.js";
import { bytesFromHost, headersFromHost, headersToHost } from "./bytes.js";
import { NO_STREAM } from "./protocol.js";

export function installSubrequests(host, streams) {
  const calls = new Map();
  let nextCall = 1;

  /** Sends `request` (a Request) on `channel`; resolves with the Response, rejects with a TypeError or the abort reason. */
  function send(channel, request) {
    const signal = request.signal;
    signal.throwIfAborted();
    const parts = requestToHost(request);
    const b = parts.body;
    // A stream body streams to the other side: it is pumped as that side reads it.
    const sid = parts.stream !== null ? host.openStream() : NO_STREAM;
    const response = new Promise((resolve, reject) => {
      const id = nextCall++;
      const onAbort = () => {
        if (!calls.delete(id)) return;
        host.abortSubrequest(id);
        reject(signal.reason);
      };
      calls.set(id, { resolve, reject, signal, onAbort });
      signal.addEventListener("abort", onAbort, { once: true });
      host.subrequest(channel, id, parts.method, parts.url, headersToHost(parts.headers),
        b ? b.buffer : null, b ? b.byteOffset : 0, b ? b.byteLength : 0, request.redirect, sid);
    });
    if (sid !== NO_STREAM) streams.pumpToHost(parts.stream, sid);
    return response;
  }

  /**
   * Called by Java on the loop thread: a response (its body buffered in `body`, or streamed from
   * host stream `sid`), or `error` (a message) when there is none.
   */
  function subrequestDone(id, status, statusText, headers, body, url, redirected, error, sid) {
    const call = calls.get(id);
    if (!call) { // aborted meanwhile
      if (sid !== NO_STREAM) host.streamCancel(sid, "the request was aborted");
      return;
    }
    calls.delete(id);
    call.signal.removeEventListener("abort", call.onAbort);
    if (error !== null) {
      call.reject(new TypeError(error));
      return;
    }
    call.resolve(responseFromHost(status, statusText, headersFromHost(headers), bytesFromHost(body), url, redirected,
      sid !== NO_STREAM ? streams.streamFromHost(sid, call.signal) : null));
  }

  return { send, subrequestDone };
}
