// Pure-JS Web platform classes (no host I/O): Headers, Request, Response, bodies, URL (lazy),
// Event/EventTarget, AbortController/AbortSignal, Blob/File/FormData, navigator, self,
// streams (lazy), atob/btoa, DOMException, structuredClone; and the two conversions the Java
// host glue uses on every request: requestFromHost and responseToHost.
import { DOMException } from "./dom-exception.js";
import { atob, btoa } from "./base64.js";
import { structuredClone } from "./structured-clone.js";
import { setHost, defineLazyGlobals } from "./lazy.js";
import { Headers, makeHeaders, headersList } from "./headers.js";
import { Request, makeRequest, newRequestState, requestState } from "./request.js";
import { Response, responseState, makeResponse, newResponseState } from "./response.js";
import { consumeBytes, takeBufferedBytes } from "./body.js";
import { Event, EventTarget, CustomEvent, ErrorEvent, PromiseRejectionEvent, fireEvent, setReportException, installGlobalEventTarget } from "./events.js";
import { AbortController, AbortSignal, setAbortTimer } from "./abort.js";
import { Blob, File } from "./blob.js";
import { FormData } from "./form-data.js";

export { DOMException, Headers, Request, Response };
export { Event, EventTarget, CustomEvent, ErrorEvent, PromiseRejectionEvent, AbortController, AbortSignal };
export { fireEvent, setReportException, setAbortTimer };

export const STREAM_GLOBALS = [
  "ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest",
  "ReadableStreamDefaultController", "ReadableByteStreamController",
  "WritableStream", "WritableStreamDefaultWriter", "WritableStreamDefaultController",
  "TransformStream", "TransformStreamDefaultController",
  "ByteLengthQueuingStrategy", "CountQueuingStrategy",
];

/** Installs the Web platform globals on `global`; `host.loadRuntimeModule(name)` loads lazy bundles. */
export function installWeb(global, host) {
  setHost(host);
  const values = {
    DOMException, atob, btoa, structuredClone, Headers, Request, Response,
    Event, EventTarget, CustomEvent, ErrorEvent, PromiseRejectionEvent, AbortController, AbortSignal,
    Blob, File, FormData,
  };
  for (const name of Object.keys(values)) {
    Object.defineProperty(global, name, { value: values[name], writable: true, configurable: true, enumerable: false });
  }
  installGlobalEventTarget(global);
  // `self` is the global in workerd and browsers; packages use it to find the global
  // (`typeof self !== "undefined" ? self : window`), so without it they take their Node.js branch.
  if (!("self" in global)) {
    Object.defineProperty(global, "self", { value: global, writable: true, configurable: true, enumerable: false });
  }
  if (!("navigator" in global)) {
    Object.defineProperty(global, "navigator", { value: new Navigator(), writable: true, configurable: true, enumerable: false });
  }
  defineLazyGlobals(global, "url", ["URL", "URLSearchParams"]);
  defineLazyGlobals(global, "streams", STREAM_GLOBALS);
  defineLazyGlobals(global, "urlpattern", ["URLPattern"]);
  defineLazyGlobals(global, "codecs", ["TextEncoderStream", "TextDecoderStream", "CompressionStream", "DecompressionStream"]);
}

/** WinterTC's minimum `navigator`: only userAgent. */
class Navigator {
  get userAgent() { return "W7S"; }
}
Object.defineProperty(Navigator.prototype, Symbol.toStringTag, { value: "Navigator", configurable: true });

/**
 * Builds the Request handed to a program's fetch(): `url` is an absolute, already normalized URL
 * string (not parsed here), `flatHeaders` [name0, value0, ...] with lower-case names (adopted,
 * not copied), `body` a Uint8Array (adopted) or null, `hostSignal` null or a function that makes
 * the request's AbortSignal on first use. Headers are immutable, as in a
 * service worker's FetchEvent.request.
 */
export function requestFromHost(method, url, flatHeaders, body, stream = null, hostSignal = null) {
  const headers = makeHeaders(flatHeaders, "immutable");
  const b = stream !== null ? { text: null, bytes: null, stream }
    : body === null || body === undefined ? null : { text: null, bytes: body, stream: null };
  const state = newRequestState(method, url, headers, b);
  state.hostSignal = hostSignal;
  return makeRequest(state);
}

/**
 * Converts a program's Response for the Java host: { status, statusText, headers: flat
 * [name, value, ...] (each set-cookie its own pair), body: Uint8Array | null, stream:
 * ReadableStream | null }. A buffered body is taken as bytes; a stream body is handed over as the
 * stream, unread (the caller streams it). Either way the body is marked used. Throws TypeError if
 * `response` is not a Response or its body was already used. Response.error() converts to status 0
 * (the host decides what to send).
 */
export function responseToHost(response) {
  const s = responseState(response);
  const stream = s.body !== null ? s.body.stream : null;
  let body = takeBufferedBytes(s);
  if (body === undefined) body = null;
  return { status: s.status, statusText: s.statusText, headers: headersList(s.headers).slice(), body, stream };
}

/**
 * The other direction, for calls the program makes through the host (env.W7S_RPC.fetch, fetch()):
 * { method, url, headers: flat [name, value, ...], body: Uint8Array | null, stream:
 * ReadableStream | null }, as responseToHost.
 */
export function requestToHost(request) {
  const s = requestState(request);
  const stream = s.body !== null ? s.body.stream : null;
  let body = takeBufferedBytes(s);
  if (body === undefined) body = null;
  return { method: s.method, url: s.url, headers: headersList(s.headers).slice(), body, stream };
}

/** Reads a whole body stream into one Uint8Array (for host calls that need buffered bodies). */
export function readStreamBytes(stream) {
  return consumeBytes({ body: { text: null, bytes: null, stream }, used: false });
}

/**
 * The Response a host call resolves with: `flatHeaders` lower-case names (adopted), `body` a
 * Uint8Array (adopted) or null. Headers are immutable, as for a fetch() response.
 */
export function responseFromHost(status, statusText, flatHeaders, body, url = "", redirected = false, stream = null) {
  const headers = makeHeaders(flatHeaders, "immutable");
  const b = stream !== null ? { text: null, bytes: null, stream }
    : body === null || body === undefined ? null : { text: null, bytes: body, stream: null };
  const state = newResponseState(status, statusText, headers, b, "default", url);
  state.redirected = redirected;
  return makeResponse(state);
}
