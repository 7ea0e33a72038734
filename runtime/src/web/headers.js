// Headers (Fetch §5.2). The header list is one flat array [name0, value0, name1, value1, ...] with
// lower-cased names in insertion order: the same shape the Java host sends and receives, so
// requests and responses cross the boundary without conversion.
import { enumerable } from "./define.js";

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LEADING_TRAILING_WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const INVALID_VALUE = /[\0\n\r]/;
const NON_BYTE = /[^\0-\xFF]/;

const INTERNAL = Symbol("w7s.internal");

// Guards: "none" | "request" | "response" | "immutable". Server runtimes do not enforce the
// browser's forbidden request/response header lists (undici and workerd do the same), so only
// "immutable" restricts anything.
export let headersList;      // (headers) => flat list, shared, not copied
export let headersGuard;     // (headers) => guard
export let makeHeaders;      // (flatList, guard) => Headers adopting the list (no validation)
export let fillHeaders;      // (headers, init) => void, validating
export let setHeaderInternal; // (headers, name, value) => void; no validation, no guard (content-type, location)
let pairsOf;
let isHeaders;

export function byteString(value, what) {
  const s = typeof value === "string" ? value : String(value);
  if (NON_BYTE.test(s)) throw new TypeError(`${what} is not a valid ByteString: ${JSON.stringify(s)}`);
  return s;
}

export function isToken(s) {
  return TOKEN.test(s);
}

function headerName(name) {
  const s = byteString(name, "Header name");
  if (!TOKEN.test(s)) throw new TypeError(`Invalid header name: ${JSON.stringify(s)}`);
  return s.toLowerCase();
}

function headerValue(value) {
  let s = byteString(value, "Header value");
  if (s.length !== 0) {
    const c0 = s.charCodeAt(0), cn = s.charCodeAt(s.length - 1);
    if (c0 <= 32 || cn <= 32) s = s.replace(LEADING_TRAILING_WS, "");
  }
  if (INVALID_VALUE.test(s)) throw new TypeError(`Invalid header value: ${JSON.stringify(s)}`);
  return s;
}

function needArgs(method, args, n) {
  if (args.length < n) {
    throw new TypeError(`Failed to execute '${method}' on 'Headers': ${n} argument${n > 1 ? "s" : ""} required, but only ${args.length} present.`);
  }
}

export class Headers {
  #list;
  #guard;
  #sorted = null; // cache of the sort-and-combine result, reset on every change

  constructor(init = undefined) {
    this.#guard = "none";
    if (init === INTERNAL) {
      this.#list = [];
      return;
    }
    this.#list = [];
    if (init !== undefined) fill(this, init);
  }

  append(name, value) {
    needArgs("append", arguments, 2);
    name = headerName(name);
    value = headerValue(value);
    this.#checkMutable();
    this.#list.push(name, value);
    this.#sorted = null;
  }

  delete(name) {
    needArgs("delete", arguments, 1);
    name = headerName(name);
    this.#checkMutable();
    const list = this.#list;
    let w = 0;
    for (let r = 0; r < list.length; r += 2) {
      if (list[r] !== name) {
        list[w++] = list[r];
        list[w++] = list[r + 1];
      }
    }
    if (w !== list.length) {
      list.length = w;
      this.#sorted = null;
    }
  }

  get(name) {
    needArgs("get", arguments, 1);
    name = headerName(name);
    const list = this.#list;
    let result = null;
    for (let i = 0; i < list.length; i += 2) {
      if (list[i] === name) result = result === null ? list[i + 1] : result + ", " + list[i + 1];
    }
    return result;
  }

  getSetCookie() {
    const list = this.#list, out = [];
    for (let i = 0; i < list.length; i += 2) if (list[i] === "set-cookie") out.push(list[i + 1]);
    return out;
  }

  has(name) {
    needArgs("has", arguments, 1);
    name = headerName(name);
    const list = this.#list;
    for (let i = 0; i < list.length; i += 2) if (list[i] === name) return true;
    return false;
  }

  set(name, value) {
    needArgs("set", arguments, 2);
    name = headerName(name);
    value = headerValue(value);
    this.#checkMutable();
    const list = this.#list;
    let found = false, w = 0;
    for (let r = 0; r < list.length; r += 2) {
      if (list[r] === name) {
        if (found) continue;
        found = true;
        list[w++] = name;
        list[w++] = value;
      } else {
        list[w++] = list[r];
        list[w++] = list[r + 1];
      }
    }
    list.length = w;
    if (!found) list.push(name, value);
    this.#sorted = null;
  }

  forEach(callback, thisArg = undefined) {
    needArgs("forEach", arguments, 1);
    if (typeof callback !== "function") throw new TypeError("Headers.forEach: callback is not a function");
    for (let i = 0; ; i++) {
      const pairs = this.#pairs();
      if (i >= pairs.length) break;
      callback.call(thisArg, pairs[i][1], pairs[i][0], this);
    }
  }

  entries() { return new HeadersIterator(this, "key+value"); }
  keys() { return new HeadersIterator(this, "key"); }
  values() { return new HeadersIterator(this, "value"); }

  #checkMutable() {
    if (this.#guard === "immutable") throw new TypeError("Headers are immutable");
  }

  // "Sort and combine": names sorted by code units, values of equal names joined with ", ",
  // except set-cookie whose values are each their own pair.
  #pairs() {
    if (this.#sorted !== null) return this.#sorted;
    const list = this.#list, n = list.length / 2;
    const idx = new Array(n);
    for (let i = 0; i < n; i++) idx[i] = i * 2;
    idx.sort((a, b) => (list[a] < list[b] ? -1 : list[a] > list[b] ? 1 : a - b));
    const out = [];
    for (let k = 0; k < n; k++) {
      const name = list[idx[k]], value = list[idx[k] + 1];
      const last = out.length > 0 ? out[out.length - 1] : null;
      if (last !== null && last[0] === name && name !== "set-cookie") last[1] += ", " + value;
      else out.push([name, value]);
    }
    return (this.#sorted = out);
  }

  static {
    headersList = (h) => h.#list;
    headersGuard = (h) => h.#guard;
    makeHeaders = (list, guard) => {
      const h = new Headers(INTERNAL);
      h.#list = list;
      h.#guard = guard;
      return h;
    };
    fillHeaders = fill;
    pairsOf = (h) => h.#pairs();
    isHeaders = (h) => h !== null && typeof h === "object" && #list in h;
    setHeaderInternal = (h, name, value) => {
      const list = h.#list;
      h.#sorted = null;
      for (let i = 0; i < list.length; i += 2) {
        if (list[i] === name) {
          list[i + 1] = value;
          return;
        }
      }
      list.push(name, value);
    };
  }
}

function fill(headers, init) {
  if (init === null || (typeof init !== "object" && typeof init !== "function")) {
    throw new TypeError("Headers init must be an object, a sequence of pairs or a Headers object");
  }
  if (isHeaders(init)) {
    const list = headersList(init);
    for (let i = 0; i < list.length; i += 2) headers.append(list[i], list[i + 1]);
    return;
  }
  const iter = init[Symbol.iterator];
  if (iter !== undefined && iter !== null) {
    if (typeof iter !== "function") throw new TypeError("Headers init: @@iterator is not a function");
    for (const pair of iter.call(init)) {
      if (pair === null || typeof pair !== "object" || typeof pair === "string") {
        throw new TypeError("Headers init: each header must be a [name, value] sequence");
      }
      const arr = Array.from(pair);
      if (arr.length !== 2) throw new TypeError(`Headers init: a header pair must have 2 items, not ${arr.length}`);
      headers.append(arr[0], arr[1]);
    }
    return;
  }
  // record<ByteString, ByteString>: own enumerable string keys, in property order
  for (const key of Reflect.ownKeys(init)) {
    if (typeof key !== "string") continue;
    const d = Reflect.getOwnPropertyDescriptor(init, key);
    if (d === undefined || !d.enumerable) continue;
    headers.append(key, init[key]);
  }
}

const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

class HeadersIterator {
  #headers;
  #kind;
  #index = 0;
  constructor(headers, kind) {
    this.#headers = headers;
    this.#kind = kind;
  }
  next() {
    if (!(#index in this)) throw new TypeError("next() called on an object that is not a Headers iterator");
    const pairs = pairsOf(this.#headers);
    if (this.#index >= pairs.length) return { value: undefined, done: true };
    const pair = pairs[this.#index++];
    const value = this.#kind === "key" ? pair[0] : this.#kind === "value" ? pair[1] : [pair[0], pair[1]];
    return { value, done: false };
  }
}
Object.setPrototypeOf(HeadersIterator.prototype, IteratorPrototype);
Object.defineProperty(HeadersIterator.prototype, Symbol.toStringTag, { value: "Headers Iterator", configurable: true });
Object.defineProperty(HeadersIterator.prototype, "next", { enumerable: true });

Object.defineProperty(Headers.prototype, Symbol.iterator, {
  value: Headers.prototype.entries, writable: true, configurable: true, enumerable: false,
});
Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: "Headers", configurable: true });
enumerable(Headers.prototype, ["append", "delete", "get", "getSetCookie", "has", "set", "forEach", "entries", "keys", "values"]);

export function hasHeaderInternal(headers, name) {
  const list = headersList(headers);
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return true;
  return false;
}
