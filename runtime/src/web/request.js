// Request (Fetch §5.4). The URL is kept as the serialized string; it is parsed only when a Request
// is constructed from a string (canonical URLs by the fast path, others load the lazy "url" bundle).
import { makeHeaders, fillHeaders, headersList, headersGuard, setHeaderInternal, hasHeaderInternal, isToken, byteString } from "./headers.js";
import { extractBody, installBodyMixin, cloneBody, bodyUnusable, isStreamBody } from "./body.js";
import { parseURL } from "./url-util.js";
import { enumerable } from "./define.js";
import { isAbortSignal, createDependentSignal, neverAbortingSignal } from "./abort.js";

const INTERNAL = Symbol("w7s.internal");
const NORMALIZED_METHODS = { DELETE: "DELETE", GET: "GET", HEAD: "HEAD", OPTIONS: "OPTIONS", POST: "POST", PUT: "PUT" };
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const ENUMS = {
  mode: ["navigate", "same-origin", "no-cors", "cors"],
  credentials: ["omit", "same-origin", "include"],
  cache: ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"],
  redirect: ["follow", "error", "manual"],
  referrerPolicy: ["", "no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
    "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url"],
  duplex: ["half"],
  priority: ["high", "low", "auto"],
};

export let requestState; // (request) => state; TypeError if not a Request
export let makeRequest; // (state) => Request, no validation

/** Internal state of a request: plain fields, defaults of the Fetch standard. */
export function newRequestState(method, url, headers, body) {
  return {
    method, url, headers, body, used: false,
    mode: "cors", credentials: "same-origin", cache: "default", redirect: "follow",
    referrer: "about:client", referrerPolicy: "", integrity: "", keepalive: false,
    destination: "", duplex: "half",
    // The request's AbortSignal, created on first access (most requests never read it): it follows
    // signalSource (AbortSignal.any([signalSource])) or, with no source, never aborts.
    signal: null, signalSource: null,
    // For a request from the host: () => the AbortSignal the host aborts (client gone, time up).
    hostSignal: null,
  };
}

function normalizeMethod(m) {
  const s = byteString(m, "Method");
  if (!isToken(s)) throw new TypeError(`Invalid method: ${JSON.stringify(s)}`);
  const upper = s.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`Forbidden method: ${s}`);
  return NORMALIZED_METHODS[upper] ?? s; // only these six are normalized (so "patch" stays "patch")
}

function enumValue(name, value) {
  const s = String(value);
  if (!ENUMS[name].includes(s)) throw new TypeError(`Invalid ${name}: ${JSON.stringify(s)}`);
  return s;
}

export class Request {
  #s;

  constructor(input, init = undefined) {
    if (input === INTERNAL) {
      this.#s = init;
      return;
    }
    if (arguments.length < 1) throw new TypeError("Request: 1 argument required, but only 0 present.");
    if (init !== undefined && init !== null && typeof init !== "object" && typeof init !== "function") {
      throw new TypeError("Request init must be an object");
    }
    let s, inputBody = null, inputState = null;
    if (input !== null && typeof input === "object" && #s in input) {
      inputState = input.#s;
      inputBody = inputState.body;
      s = { ...inputState, used: false, headers: null, body: null, signal: null, signalSource: followedSignal(inputState), hostSignal: null };
    } else {
      const url = parseURL(input);
      if (url.hasCredentials) throw new TypeError(`Request URL must not include credentials (a user name or password before the host): ${url.origin}`); // the URL itself is not echoed: it holds them
      s = newRequestState("GET", url.href, null, null);
    }
    const hasInit = init !== undefined && init !== null && hasAnyMember(init);
    if (hasInit) {
      if (s.mode === "navigate") s.mode = "same-origin";
      s.referrer = "about:client"; // reload/history navigation flags are not modelled
      if (init.referrer !== undefined) {
        const r = String(init.referrer);
        if (r === "") s.referrer = "no-referrer";
        else {
          const u = parseURL(r);
          s.referrer = u.href === "about:client" ? "about:client" : u.href;
        }
      }
      if (init.referrerPolicy !== undefined) s.referrerPolicy = enumValue("referrerPolicy", init.referrerPolicy);
      if (init.mode !== undefined) {
        s.mode = enumValue("mode", init.mode);
        if (s.mode === "navigate") throw new TypeError("Request mode 'navigate' cannot be set");
      }
      if (init.credentials !== undefined) s.credentials = enumValue("credentials", init.credentials);
      if (init.cache !== undefined) s.cache = enumValue("cache", init.cache);
      if (s.cache === "only-if-cached" && s.mode !== "same-origin") {
        throw new TypeError("Request cache 'only-if-cached' requires mode 'same-origin'");
      }
      if (init.redirect !== undefined) s.redirect = enumValue("redirect", init.redirect);
      if (init.integrity !== undefined) s.integrity = String(init.integrity);
      if (init.keepalive !== undefined) s.keepalive = Boolean(init.keepalive);
      if (init.method !== undefined) s.method = normalizeMethod(init.method);
      if (init.signal !== undefined) { // null: the new request does not follow the input's signal
        const signal = init.signal;
        if (signal !== null && !isAbortSignal(signal)) throw new TypeError("Request init.signal is not an AbortSignal");
        s.signalSource = signal;
      }
    }
    // headers
    const headers = makeHeaders([], "request");
    if (hasInit && init.headers !== undefined) fillHeaders(headers, init.headers);
    else if (inputState !== null) headersList(headers).push(...headersList(inputState.headers));
    s.headers = headers;
    // body
    const initBody = hasInit ? init.body : undefined;
    if ((initBody !== undefined && initBody !== null) || inputBody !== null) {
      if ((initBody !== undefined && initBody !== null) && (s.method === "GET" || s.method === "HEAD")) {
        throw new TypeError("Request with GET/HEAD method cannot have body");
      }
      if (inputBody !== null && (initBody === undefined || initBody === null) && (s.method === "GET" || s.method === "HEAD")) {
        throw new TypeError("Request with GET/HEAD method cannot have body");
      }
    }
    let body = null;
    if (initBody !== undefined && initBody !== null) {
      const [b, type] = extractBody(initBody);
      if (type !== null && !hasHeaderInternal(headers, "content-type")) setHeaderInternal(headers, "content-type", type);
      body = b;
      if (isStreamBody(b)) {
        if (init.duplex !== "half") throw new TypeError("Request with a ReadableStream body requires duplex: 'half'");
        if (s.keepalive) throw new TypeError("keepalive requests cannot have a ReadableStream body");
      }
    } else if (inputBody !== null) {
      if (bodyUnusable(inputState)) throw new TypeError("Request body has already been used");
      body = inputBody;
      inputState.used = true; // the body moves to the new request; the input is now disturbed
    }
    if (hasInit && init.duplex !== undefined) s.duplex = enumValue("duplex", init.duplex);
    s.body = body;
    this.#s = s;
  }

  get method() { return this.#s.method; }
  get url() { return this.#s.url; }
  get headers() { return this.#s.headers; }
  get destination() { return this.#s.destination; }
  get referrer() {
    const r = this.#s.referrer;
    return r === "no-referrer" ? "" : r;
  }
  get referrerPolicy() { return this.#s.referrerPolicy; }
  get mode() { return this.#s.mode; }
  get credentials() { return this.#s.credentials; }
  get cache() { return this.#s.cache; }
  get redirect() { return this.#s.redirect; }
  get integrity() { return this.#s.integrity; }
  get keepalive() { return this.#s.keepalive; }
  get isReloadNavigation() { return false; }
  get isHistoryNavigation() { return false; }
  get duplex() { return this.#s.duplex; }
  get signal() {
    const s = this.#s;
    if (s.signal === null) {
      s.signal = s.hostSignal !== null ? s.hostSignal()
        : s.signalSource === null ? neverAbortingSignal() : createDependentSignal([s.signalSource]);
    }
    return s.signal;
  }

  clone() {
    const s = this.#s;
    if (bodyUnusable(s)) throw new TypeError("Request.clone: body has already been used");
    const copy = { ...s, used: false, signal: null, signalSource: followedSignal(s), hostSignal: null };
    copy.headers = makeHeaders(headersList(s.headers).slice(), headersGuard(s.headers));
    copy.body = cloneBody(s.body);
    return new Request(INTERNAL, copy);
  }

  static {
    requestState = (r) => {
      if (r === null || typeof r !== "object" || !(#s in r)) throw new TypeError("Expected a Request");
      return r.#s;
    };
    makeRequest = (state) => new Request(INTERNAL, state);
  }
}

installBodyMixin(Request, (r) => requestState(r));
Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: "Request", configurable: true });
enumerable(Request.prototype, ["method", "url", "headers", "destination", "referrer", "referrerPolicy", "mode", "credentials",
  "cache", "redirect", "integrity", "keepalive", "isReloadNavigation", "isHistoryNavigation", "duplex", "signal", "clone"]);

// The signal a copy of a request follows: the request's own signal if it was created, else its
// source (equivalent: the own signal would follow that source), else none (never aborts).
function followedSignal(s) {
  if (s.signal === null && s.hostSignal !== null) s.signal = s.hostSignal();
  return s.signal !== null ? s.signal : s.signalSource;
}

function hasAnyMember(init) {
  for (const k of ["method", "headers", "body", "referrer", "referrerPolicy", "mode", "credentials", "cache",
    "redirect", "integrity", "keepalive", "signal", "duplex", "priority", "window"]) {
    if (init[k] !== undefined) return true;
  }
  return false;
}
