// URL and URLSearchParams (URL Standard, "API" section), on whatwg-url's low-level parser:
// canonical input is parsed by the fast path (./fast.js), everything else by basicURLParse.
// The URL record has whatwg-url's shape: { scheme, username, password, host, port, path, query,
// fragment }, so the setters can hand it to basicURLParse with a state override.
import {
  basicURLParse, serializeURL, serializeURLOrigin, serializeHost, serializePath,
  setTheUsername, setThePassword, cannotHaveAUsernamePasswordPort, hasAnOpaquePath,
} from "whatwg-url/lib/url-state-machine.js";
import { parseUrlencodedString, serializeUrlencoded } from "whatwg-url/lib/urlencoded.js";
import { fastParse, fastParseRelative } from "./fast.js";

export { basicURLParse, serializeURL };

const WELL_FORMED = /^[^\uD800-\uDFFF]*$/; // cheap check before toWellFormed: no surrogates at all
/** WebIDL USVString conversion (ToString, which throws for symbols; lone surrogates → U+FFFD). */
function usv(v) {
  const s = typeof v === "string" ? v : `${v}`;
  return WELL_FORMED.test(s) ? s : s.toWellFormed();
}

/** basicURLParse(input, { baseURL: base }) (both USVStrings, base optional), with the fast paths. */
export function parseRecord(input, base) {
  if (base === undefined) return fastParse(input) ?? basicURLParse(input);
  const b = fastParse(base) ?? basicURLParse(base);
  if (b === null) return undefined; // invalid base
  return fastParseRelative(input, b) ?? basicURLParse(input, { baseURL: b });
}

// urlencoded parser/serializer with fast paths for the common plain-ASCII case.
const PLAIN_PARSE = /^[^%+\uD800-\uDFFF]*$/; // no percent-decoding, no '+', UTF-8 round trip is the identity
function parseUrlencoded(s) {
  if (!PLAIN_PARSE.test(s)) return parseUrlencodedString(s);
  const out = [];
  for (const part of s.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    out.push(eq < 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return out;
}
const PLAIN_SERIALIZE = /^[A-Za-z0-9*\-._]*$/; // outside the application/x-www-form-urlencoded percent-encode set
function serializeList(list) {
  let out = "";
  for (let i = 0; i < list.length; i++) {
    const [name, value] = list[i];
    if (!PLAIN_SERIALIZE.test(name) || !PLAIN_SERIALIZE.test(value)) return serializeUrlencoded(list);
    out += i === 0 ? `${name}=${value}` : `&${name}=${value}`;
  }
  return out;
}

const INTERNAL = Symbol("internal");
let listOf, setList; // URLSearchParams internals, for URL

function requireArgs(n, count, what) {
  if (n < count) throw new TypeError(`${what}: ${count} argument${count > 1 ? "s" : ""} required, but only ${n} present.`);
}

export class URL {
  // { rec: URL record, href: cached serialization or null, query: URLSearchParams or null (created on first use) }
  #s;

  constructor(url, base = undefined) {
    if (url === INTERNAL) { // from URL.parse: base is the record
      this.#s = { rec: base, href: null, query: null };
      return;
    }
    requireArgs(arguments.length, 1, "Failed to construct 'URL'");
    url = usv(url);
    if (base !== undefined) base = usv(base);
    const rec = parseRecord(url, base);
    if (rec === undefined) throw new TypeError(`Invalid base URL: ${base}`);
    if (rec === null) throw new TypeError(`Invalid URL: ${url}`);
    this.#s = { rec, href: null, query: null };
  }

  static parse(url, base = undefined) {
    requireArgs(arguments.length, 1, "URL.parse");
    url = usv(url);
    if (base !== undefined) base = usv(base);
    const rec = parseRecord(url, base);
    if (rec === undefined || rec === null) return null;
    return new URL(INTERNAL, rec);
  }

  static canParse(url, base = undefined) {
    requireArgs(arguments.length, 1, "URL.canParse");
    url = usv(url);
    if (base !== undefined) base = usv(base);
    const rec = parseRecord(url, base);
    return rec !== undefined && rec !== null;
  }

  get href() {
    const s = this.#s;
    return s.href ?? (s.href = serializeURL(s.rec));
  }
  set href(v) {
    v = usv(v);
    const rec = fastParse(v) ?? basicURLParse(v);
    if (rec === null) throw new TypeError(`Invalid URL: ${v}`);
    const s = this.#s;
    s.rec = rec;
    s.href = null;
    if (s.query !== null) setList(s.query, rec.query === null ? [] : parseUrlencoded(rec.query));
  }

  get origin() {
    return serializeURLOrigin(this.#s.rec);
  }

  get protocol() {
    return `${this.#s.rec.scheme}:`;
  }
  set protocol(v) {
    const s = this.#s;
    basicURLParse(`${usv(v)}:`, { url: s.rec, stateOverride: "scheme start" });
    s.href = null;
  }

  get username() {
    return this.#s.rec.username;
  }
  set username(v) {
    v = usv(v);
    const s = this.#s;
    if (cannotHaveAUsernamePasswordPort(s.rec)) return;
    setTheUsername(s.rec, v);
    s.href = null;
  }

  get password() {
    return this.#s.rec.password;
  }
  set password(v) {
    v = usv(v);
    const s = this.#s;
    if (cannotHaveAUsernamePasswordPort(s.rec)) return;
    setThePassword(s.rec, v);
    s.href = null;
  }

  get host() {
    const rec = this.#s.rec;
    if (rec.host === null) return "";
    const host = typeof rec.host === "string" ? rec.host : serializeHost(rec.host);
    return rec.port === null ? host : `${host}:${rec.port}`;
  }
  set host(v) {
    v = usv(v);
    const s = this.#s;
    if (hasAnOpaquePath(s.rec)) return;
    basicURLParse(v, { url: s.rec, stateOverride: "host" });
    s.href = null;
  }

  get hostname() {
    const rec = this.#s.rec;
    if (rec.host === null) return "";
    return typeof rec.host === "string" ? rec.host : serializeHost(rec.host);
  }
  set hostname(v) {
    v = usv(v);
    const s = this.#s;
    if (hasAnOpaquePath(s.rec)) return;
    basicURLParse(v, { url: s.rec, stateOverride: "hostname" });
    s.href = null;
  }

  get port() {
    const port = this.#s.rec.port;
    return port === null ? "" : `${port}`;
  }
  set port(v) {
    v = usv(v);
    const s = this.#s;
    if (cannotHaveAUsernamePasswordPort(s.rec)) return;
    if (v === "") s.rec.port = null;
    else basicURLParse(v, { url: s.rec, stateOverride: "port" });
    s.href = null;
  }

  get pathname() {
    const rec = this.#s.rec;
    return typeof rec.path === "string" ? rec.path : serializePath(rec);
  }
  set pathname(v) {
    v = usv(v);
    const s = this.#s;
    if (hasAnOpaquePath(s.rec)) return;
    s.rec.path = [];
    basicURLParse(v, { url: s.rec, stateOverride: "path start" });
    s.href = null;
  }

  get search() {
    const q = this.#s.rec.query;
    return q === null || q === "" ? "" : `?${q}`;
  }
  set search(v) {
    v = usv(v);
    const s = this.#s;
    s.href = null;
    if (v === "") {
      s.rec.query = null;
      if (s.query !== null) setList(s.query, []);
      return;
    }
    s.rec.query = "";
    basicURLParse(v[0] === "?" ? v.substring(1) : v, { url: s.rec, stateOverride: "query" });
    if (s.query !== null) setList(s.query, parseUrlencoded(s.rec.query));
  }

  get searchParams() {
    const s = this.#s;
    return s.query ?? (s.query = new URLSearchParams(INTERNAL, s.rec.query === null ? [] : parseUrlencoded(s.rec.query), s));
  }

  get hash() {
    const f = this.#s.rec.fragment;
    return f === null || f === "" ? "" : `#${f}`;
  }
  set hash(v) {
    v = usv(v);
    const s = this.#s;
    s.href = null;
    if (v === "") {
      s.rec.fragment = null;
      return;
    }
    s.rec.fragment = "";
    basicURLParse(v[0] === "#" ? v.substring(1) : v, { url: s.rec, stateOverride: "fragment" });
  }

  toJSON() {
    return this.href;
  }

  toString() {
    return this.href;
  }
}

export class URLSearchParams {
  #list; // [[name, value], ...]
  #url; // the owning URL's state ({ rec, href, query }) or null

  static {
    listOf = (p) => p.#list;
    setList = (p, list) => { p.#list = list; };
  }

  constructor(init = undefined, list = undefined, owner = undefined) {
    if (init === INTERNAL) { // from URL.searchParams
      this.#list = list;
      this.#url = owner;
      return;
    }
    this.#url = null;
    if (init === undefined) {
      this.#list = [];
    } else if ((typeof init === "object" && init !== null) || typeof init === "function") {
      const method = init[Symbol.iterator];
      if (method !== undefined && method !== null) {
        if (typeof method !== "function") throw new TypeError("Failed to construct 'URLSearchParams': parameter 1 is not iterable");
        const out = [];
        for (const pair of { [Symbol.iterator]: () => method.call(init) }) {
          if ((typeof pair !== "object" || pair === null) && typeof pair !== "function") {
            throw new TypeError("Failed to construct 'URLSearchParams': parameter 1 sequence's element is not an iterable object.");
          }
          const p = [];
          for (const v of pair) p.push(usv(v));
          if (p.length !== 2) {
            throw new TypeError("Failed to construct 'URLSearchParams': parameter 1 sequence's element does not contain exactly two elements.");
          }
          out.push(p);
        }
        this.#list = out;
      } else {
        const record = new Map(); // record<USVString, USVString>: a repeated (converted) key keeps its first position
        for (const key of Reflect.ownKeys(init)) {
          const desc = Reflect.getOwnPropertyDescriptor(init, key);
          if (desc !== undefined && desc.enumerable) record.set(usv(key), usv(init[key]));
        }
        this.#list = [...record];
      }
    } else {
      let s = usv(init);
      if (s.charCodeAt(0) === 0x3f) s = s.slice(1);
      this.#list = parseUrlencoded(s);
    }
  }

  #update() {
    const owner = this.#url;
    if (owner !== null) {
      const q = serializeList(this.#list);
      owner.rec.query = q === "" ? null : q;
      owner.href = null;
    }
  }

  get size() {
    return this.#list.length;
  }

  append(name, value) {
    requireArgs(arguments.length, 2, "URLSearchParams.append");
    this.#list.push([usv(name), usv(value)]);
    this.#update();
  }

  delete(name, value = undefined) {
    requireArgs(arguments.length, 1, "URLSearchParams.delete");
    name = usv(name);
    if (value !== undefined) value = usv(value);
    this.#list = this.#list.filter((t) => !(t[0] === name && (value === undefined || t[1] === value)));
    this.#update();
  }

  get(name) {
    requireArgs(arguments.length, 1, "URLSearchParams.get");
    name = usv(name);
    const list = this.#list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === name) return list[i][1];
    return null;
  }

  getAll(name) {
    requireArgs(arguments.length, 1, "URLSearchParams.getAll");
    name = usv(name);
    return this.#list.filter((t) => t[0] === name).map((t) => t[1]);
  }

  has(name, value = undefined) {
    requireArgs(arguments.length, 1, "URLSearchParams.has");
    name = usv(name);
    if (value !== undefined) value = usv(value);
    return this.#list.some((t) => t[0] === name && (value === undefined || t[1] === value));
  }

  set(name, value) {
    requireArgs(arguments.length, 2, "URLSearchParams.set");
    name = usv(name);
    value = usv(value);
    const out = [];
    let found = false;
    for (const t of this.#list) {
      if (t[0] !== name) out.push(t);
      else if (!found) {
        found = true;
        out.push([name, value]);
      }
    }
    if (!found) out.push([name, value]);
    this.#list = out;
    this.#update();
  }

  sort() {
    // stable, by code units of the name
    this.#list = this.#list.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.#update();
  }

  forEach(callback, thisArg = undefined) {
    requireArgs(arguments.length, 1, "URLSearchParams.forEach");
    if (typeof callback !== "function") throw new TypeError("URLSearchParams.forEach: callback is not a function");
    for (let i = 0; i < this.#list.length; i++) {
      const t = this.#list[i];
      callback.call(thisArg, t[1], t[0], this);
    }
  }

  entries() {
    return new Iterator(this, "key+value");
  }

  keys() {
    return new Iterator(this, "key");
  }

  values() {
    return new Iterator(this, "value");
  }

  toString() {
    return serializeList(this.#list);
  }
}

// The URLSearchParams iterator (WebIDL pair iterator): live over the list, by index.
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
class Iterator {
  #params;
  #kind;
  #index = 0;

  constructor(params, kind) {
    this.#params = params;
    this.#kind = kind;
  }

  next() {
    const list = listOf(this.#params);
    if (this.#index >= list.length) return { value: undefined, done: true };
    const [name, value] = list[this.#index++];
    const kind = this.#kind;
    return { value: kind === "key" ? name : kind === "value" ? value : [name, value], done: false };
  }
}
Object.setPrototypeOf(Iterator.prototype, IteratorPrototype);
Object.defineProperty(Iterator.prototype, Symbol.toStringTag, { value: "URLSearchParams Iterator", configurable: true });
Object.defineProperty(Iterator.prototype, "next", { enumerable: true });
Object.defineProperty(Iterator.prototype, "constructor", { value: undefined });
delete Iterator.prototype.constructor;

// WebIDL: attributes and operations are enumerable; the class string; @@iterator is entries.
// Names spelled out: the lazy bundle is minified, which renames classes.
for (const [C, name] of [[URL, "URL"], [URLSearchParams, "URLSearchParams"]]) {
  Object.defineProperty(C, "name", { value: name, configurable: true });
  for (const key of Object.getOwnPropertyNames(C.prototype)) {
    if (key !== "constructor") Object.defineProperty(C.prototype, key, { enumerable: true });
  }
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: name, configurable: true });
}
for (const key of ["parse", "canParse"]) Object.defineProperty(URL, key, { enumerable: true });
Object.defineProperty(URLSearchParams.prototype, Symbol.iterator, {
  value: URLSearchParams.prototype.entries, writable: true, configurable: true,
});
