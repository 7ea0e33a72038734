// The JS <-> Java protocol of an isolate, declared in one place. Java's side is
// io.w7s.host.isolate.JsApi (the entry points below, called by Java on the isolate's loop) and
// io.w7s.host.isolate.IsolateHost (the `host` object JS calls). The numbers here must match JsApi.

/** A stream id meaning "no stream: the body, if any, is buffered". */
export const NO_STREAM = -1;

/** streamEvent kinds: the stream can be read or written again / its consumer cancelled. */
export const STREAM_READY = 0;
export const STREAM_CANCELLED = 1;

/** Subrequest channels (one path for every outgoing request, like workerd's I/O channels). */
export const CHANNEL_FETCH = 0; // global fetch(): real HTTP
export const CHANNEL_RPC = 1;   // env.W7S_RPC.fetch(): the host's in-process RPC router

/**
 * The entry points Java calls (JsApi), handed over once with host.ready(api):
 *   init(handler, envFlat)                      the app's default export and its env strings
 *   dispatch(id, method, url, headers, body, sid)   a request to serve (answered with host.complete / host.fail)
 *   abort(id, reason)                           the request's client went away or its time ran out
 *   fireTimer(id)                               a timer is due
 *   subrequestDone(id, status, statusText, headers, body, url, redirected, error, sid)
 *   streamEvent(sid, kind)                      STREAM_READY or STREAM_CANCELLED
 */
