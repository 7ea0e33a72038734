// Response (Fetch §5.5).
import { makeHeaders, fillHeaders, headersList, headersGuard, setHeaderInternal, hasHeaderInternal } from "./headers.js";
import { extractBody, installBodyMixin, cloneBody, bodyUnusable } from "./body.js";
import { parseAbsoluteURL } from "./url-util.js";
import { enumerable } from "./define.js";

const INTERNAL = Symbol("w7s.internal");
const REASON_PHRASE = /^[\t\x20-\x7E\x80-\xFF]*$/;
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

export let responseState; // (response) => state; TypeError if not a Response
export let makeResponse; // (state) => Response, no validation

export function newResponseState(status, statusText, headers, body, type, url) {
  return newState(status, statusText, headers, body, type, url);
}

function newState(status, statusText, headers, body, type, url) {
  return { status, statusText, headers, body, used: false, type, url, redirected: false };
}

export class Response {
  #s;

  constructor(body = null, init = undefined) {
    if (body === INTERNAL) {
      this.#s = init;
      return;
    }
    if (body === null || body === undefined) {
      this.#s = initialize(init, null, null);
    } else {
      const [b, type] = extractBody(body);
      this.#s = initialize(init, b, type);
    }
  }

  static error() {
    return new Response(INTERNAL, newState(0, "", makeHeaders([], "immutable"), null, "error", ""));
  }

  static redirect(url, status = 302) {
    if (arguments.length < 1) throw new TypeError("Response.redirect: 1 argument required");
    const href = parseAbsoluteURL(url);
    status = toUnsignedShort(status);
    if (!REDIRECT_STATUS.has(status)) throw new RangeError(`Invalid redirect status: ${status}`);
    return new Response(INTERNAL, newState(status, "", makeHeaders(["location", href], "immutable"), null, "default", ""));
  }

  static json(data, init = undefined) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError("Response.json: data is not JSON serializable");
    return new Response(INTERNAL, initialize(init, { text, bytes: null, stream: null }, "application/json"));
  }

  get type() { return this.#s.type; }
  get url() { return this.#s.url; }
  get redirected() { return this.#s.redirected; }
  get status() { return this.#s.status; }
  get ok() { const s = this.#s.status; return s >= 200 && s <= 299; }
  get statusText() { return this.#s.statusText; }
  get headers() { return this.#s.headers; }

  clone() {
    const s = this.#s;
    if (bodyUnusable(s)) throw new TypeError("Response.clone: body has already been used");
    const copy = newState(s.status, s.statusText, makeHeaders(headersList(s.headers).slice(), headersGuard(s.headers)),
      cloneBody(s.body), s.type, s.url);
    copy.redirected = s.redirected;
    return new Response(INTERNAL, copy);
  }

  static {
    makeResponse = (state) => new Response(INTERNAL, state);
    responseState = (r) => {
      if (r === null || typeof r !== "object" || !(#s in r)) throw new TypeError("Expected a Response");
      return r.#s;
    };
  }
}

installBodyMixin(Response, (r) => responseState(r));
Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: "Response", configurable: true });
enumerable(Response.prototype, ["type", "url", "redirected", "status", "ok", "statusText", "headers", "clone"]);

// "Initialize a response": validates init, fills the headers, checks null-body statuses and sets
// the body's content type unless init.headers already has one.
function initialize(init, body, contentType) {
  let status = 200, statusText = "", headersInit;
  if (init !== undefined && init !== null) {
    if (typeof init !== "object" && typeof init !== "function") throw new TypeError("Response init must be an object");
    if (init.status !== undefined) {
      status = toUnsignedShort(init.status);
      if (status < 200 || status > 599) throw new RangeError(`Response status must be in the range 200 to 599, got ${status}`);
    }
    if (init.statusText !== undefined) {
      statusText = String(init.statusText);
      if (!REASON_PHRASE.test(statusText)) throw new TypeError(`Invalid statusText: ${JSON.stringify(statusText)}`);
    }
    headersInit = init.headers;
  }
  const headers = makeHeaders([], "response");
  if (headersInit !== undefined) fillHeaders(headers, headersInit);
  if (body !== null) {
    if (NULL_BODY_STATUS.has(status)) throw new TypeError(`Response with null body status ${status} cannot have a body`);
    if (contentType !== null && !hasHeaderInternal(headers, "content-type")) setHeaderInternal(headers, "content-type", contentType);
  }
  return newState(status, statusText, headers, body, "default", "");
}

function toUnsignedShort(v) {
  const n = Number(v);
  if (!Number.isFinite(n)) return 0;
  const i = Math.trunc(n) % 65536;
  return i < 0 ? i + 65536 : i;
}
