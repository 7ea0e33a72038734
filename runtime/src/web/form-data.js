// FormData (XHR Standard §5), its multipart/form-data serialization (HTML §4.10.21.8) and the
// body parsers for Body.formData(): multipart/form-data and application/x-www-form-urlencoded.
import { Blob, File, blobBytes, isBlob } from "./blob.js";
import { enumerable } from "./define.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { ignoreBOM: true }); // "UTF-8 decode without BOM"

function usv(v) {
  const s = String(v);
  return typeof s.toWellFormed === "function" ? s.toWellFormed() : s;
}

/** XHR "create an entry". */
function createEntry(name, value, filename, argc) {
  name = usv(name);
  if (isBlob(value)) {
    if (!(value instanceof File) || argc > 2) {
      const fname = argc > 2 ? usv(filename) : value instanceof File ? value.name : "blob";
      const options = { type: value.type };
      if (value instanceof File) options.lastModified = value.lastModified;
      value = new File([value], fname, options);
    }
    return [name, value];
  }
  if (argc > 2) throw new TypeError("FormData: a filename is only allowed with a Blob value");
  return [name, usv(value)];
}

export let formDataEntries; // (formData) => entry list [[name, value], ...]

export class FormData {
  #entries = [];

  constructor(form = undefined, submitter = undefined) {
    if (form !== undefined) throw new TypeError("FormData: there are no HTML forms here; call new FormData() without arguments");
    void submitter;
  }

  append(name, value, filename = undefined) {
    if (arguments.length < 2) throw new TypeError("FormData.append: 2 arguments required");
    this.#entries.push(createEntry(name, value, filename, arguments.length));
  }

  delete(name) {
    if (arguments.length < 1) throw new TypeError("FormData.delete: 1 argument required");
    const n = usv(name);
    this.#entries = this.#entries.filter((e) => e[0] !== n);
  }

  get(name) {
    if (arguments.length < 1) throw new TypeError("FormData.get: 1 argument required");
    const n = usv(name);
    const e = this.#entries.find((e) => e[0] === n);
    return e === undefined ? null : e[1];
  }

  getAll(name) {
    if (arguments.length < 1) throw new TypeError("FormData.getAll: 1 argument required");
    const n = usv(name);
    return this.#entries.filter((e) => e[0] === n).map((e) => e[1]);
  }

  has(name) {
    if (arguments.length < 1) throw new TypeError("FormData.has: 1 argument required");
    const n = usv(name);
    return this.#entries.some((e) => e[0] === n);
  }

  set(name, value, filename = undefined) {
    if (arguments.length < 2) throw new TypeError("FormData.set: 2 arguments required");
    const entry = createEntry(name, value, filename, arguments.length);
    const list = this.#entries;
    const i = list.findIndex((e) => e[0] === entry[0]);
    if (i < 0) {
      list.push(entry);
      return;
    }
    list[i] = entry;
    this.#entries = list.filter((e, j) => j <= i || e[0] !== entry[0]);
  }

  forEach(callback, thisArg = undefined) {
    if (typeof callback !== "function") throw new TypeError("FormData.forEach: callback is not a function");
    for (let i = 0; i < this.#entries.length; i++) {
      const [name, value] = this.#entries[i];
      callback.call(thisArg, value, name, this);
    }
  }

  entries() { return iterate(this, (e) => [e[0], e[1]]); }
  keys() { return iterate(this, (e) => e[0]); }
  values() { return iterate(this, (e) => e[1]); }

  static {
    formDataEntries = (f) => {
      if (f === null || typeof f !== "object" || !(#entries in f)) throw new TypeError("Expected a FormData");
      return f.#entries;
    };
  }
}

const iteratorPrototype = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
  [Symbol.toStringTag]: { value: "FormData Iterator", configurable: true },
});

// A live pair iterator: it reads the list at its index on every next().
function iterate(formData, project) {
  formDataEntries(formData);
  let index = 0;
  const it = Object.create(iteratorPrototype);
  it.next = () => {
    const list = formDataEntries(formData);
    if (index >= list.length) return { value: undefined, done: true };
    return { value: project(list[index++]), done: false };
  };
  return it;
}

Object.defineProperty(FormData.prototype, Symbol.iterator, { value: FormData.prototype.entries, writable: true, configurable: true });
Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: "FormData", configurable: true });
enumerable(FormData.prototype, ["append", "delete", "get", "getAll", "has", "set", "forEach", "entries", "keys", "values"]);

export function isFormData(v) {
  try {
    formDataEntries(v);
    return true;
  } catch {
    return false;
  }
}

// ---- multipart/form-data serialization ----

function randomBoundary() {
  let s = "----W7SFormBoundary";
  for (let i = 0; i < 16; i++) s += "0123456789abcdefghijklmnopqrstuvwxyz"[Math.floor(Math.random() * 36)];
  return s;
}

const toCRLF = (s) => s.replace(/\r\n|\r|\n/g, "\r\n");
const escapeName = (s) => s.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");

/** Returns [bytes, contentType] for a FormData body. */
export function serializeMultipart(formData) {
  const boundary = randomBoundary();
  const chunks = [];
  let total = 0;
  const push = (bytes) => {
    chunks.push(bytes);
    total += bytes.byteLength;
  };
  for (const [name, value] of formDataEntries(formData)) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(toCRLF(name))}"`;
    if (typeof value === "string") {
      push(encoder.encode(head + "\r\n\r\n" + toCRLF(value) + "\r\n"));
    } else {
      head += `; filename="${escapeName(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
      push(encoder.encode(head));
      push(blobBytes(value));
      push(encoder.encode("\r\n"));
    }
  }
  push(encoder.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return [out, `multipart/form-data; boundary=${boundary}`];
}

// ---- parsing ----

/** Parses the MIME type of a Content-Type value: { essence, params } or null. */
export function parseContentType(value) {
  if (value === null) return null;
  const parts = splitParams(value);
  const essence = parts[0].trim().toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(essence)) return null;
  const params = new Map();
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    const eq = p.indexOf("=");
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    let val = p.slice(eq + 1).trim();
    if (val.startsWith('"')) val = unquote(val);
    if (!params.has(key)) params.set(key, val);
  }
  return { essence, params };
}

// splits on ';' outside quoted strings
function splitParams(s) {
  const out = [];
  let cur = "", quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      cur += c;
      if (c === "\\" && i + 1 < s.length) cur += s[++i];
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
      cur += c;
    } else if (c === ";") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unquote(v) {
  let out = "";
  for (let i = 1; i < v.length; i++) {
    const c = v[i];
    if (c === "\\" && i + 1 < v.length) out += v[++i];
    else if (c === '"') break;
    else out += c;
  }
  return out;
}

function indexOf(hay, needle, from) {
  const first = needle[0], n = needle.length, last = hay.length - n;
  for (let i = from; i <= last; i++) {
    i = hay.indexOf(first, i);
    if (i < 0 || i > last) return -1;
    let j = 1;
    while (j < n && hay[i + j] === needle[j]) j++;
    if (j === n) return i;
  }
  return -1;
}

function startsWith(hay, prefix) {
  if (hay.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (hay[i] !== prefix[i]) return false;
  return true;
}

// The next CRLF--boundary that really is a delimiter: followed by "--", or by optional
// whitespace and CRLF (a longer line that only starts with the boundary is content).
function findDelimiter(bytes, next, from) {
  for (;;) {
    const at = indexOf(bytes, next, from);
    if (at < 0) return -1;
    let p = at + next.length;
    if (bytes[p] === 0x2d && bytes[p + 1] === 0x2d) return at;
    while (bytes[p] === 0x20 || bytes[p] === 0x09) p++;
    if (bytes[p] === 0x0d && bytes[p + 1] === 0x0a) return at;
    from = at + 1;
  }
}

const bad = (why) => new TypeError("Failed to parse body as FormData: " + why);

/** Parses a multipart/form-data body into a FormData. TypeError on malformed input. */
export function parseMultipart(bytes, boundary) {
  if (!boundary || boundary.length > 70) throw bad("missing or invalid boundary");
  const result = new FormData();
  const entries = formDataEntries(result);
  const delimiter = encoder.encode("--" + boundary);
  const next = encoder.encode("\r\n--" + boundary);
  // the first delimiter: at the start, or after a preamble ending in CRLF
  let pos;
  if (startsWith(bytes, delimiter)) pos = delimiter.length;
  else {
    const at = indexOf(bytes, next, 0);
    if (at < 0) throw bad("no boundary delimiter");
    pos = at + next.length;
  }
  for (;;) {
    // after a delimiter: "--" ends the body; else transport padding, then CRLF
    if (bytes[pos] === 0x2d && bytes[pos + 1] === 0x2d) return result;
    while (bytes[pos] === 0x20 || bytes[pos] === 0x09) pos++;
    if (bytes[pos] !== 0x0d || bytes[pos + 1] !== 0x0a) throw bad("expected CRLF after the boundary");
    pos += 2;
    const headersEnd = indexOf(bytes, CRLFCRLF, pos);
    let headerText, bodyStart;
    if (indexOf(bytes, CRLF, pos) === pos) { // no headers at all
      headerText = "";
      bodyStart = pos + 2;
    } else {
      if (headersEnd < 0) throw bad("unterminated part headers");
      headerText = decoder.decode(bytes.subarray(pos, headersEnd));
      bodyStart = headersEnd + 4;
    }
    const end = findDelimiter(bytes, next, bodyStart);
    if (end < 0) throw bad("missing closing boundary");
    const body = bytes.subarray(bodyStart, end);
    pos = end + next.length;
    let name = null, filename = null, type = null;
    for (const line of headerText.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === "content-disposition") {
        const parts = splitParams(value);
        if (parts[0].trim().toLowerCase() !== "form-data") throw bad("part is not form-data");
        for (let i = 1; i < parts.length; i++) {
          const p = parts[i];
          const eq = p.indexOf("=");
          if (eq < 0) continue;
          const k = p.slice(0, eq).trim().toLowerCase();
          let v = p.slice(eq + 1).trim();
          v = v.startsWith('"') ? unquote(v) : v;
          v = v.replace(/%0A/gi, "\n").replace(/%0D/gi, "\r").replace(/%22/g, '"');
          if (k === "name") name = v;
          else if (k === "filename") filename = v;
        }
      } else if (key === "content-type") {
        type = value;
      }
    }
    if (name === null) throw bad("part without a name");
    if (filename !== null) {
      if (type === null) type = "text/plain";
      entries.push([name, new File([body.slice()], filename, { type })]);
    } else {
      entries.push([name, decoder.decode(body)]);
    }
  }
}
const CRLF = new Uint8Array([13, 10]);
const CRLFCRLF = new Uint8Array([13, 10, 13, 10]);

function percentDecode(s) {
  if (s.indexOf("%") < 0) return s;
  const bytes = encoder.encode(s);
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x25 && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out[n++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
      i += 2;
    } else out[n++] = b;
  }
  return decoder.decode(out.subarray(0, n));
}

function isHex(b) {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/** application/x-www-form-urlencoded parser (URL Standard §5.1) into a FormData. */
export function parseUrlencoded(bytes) {
  const result = new FormData();
  const entries = formDataEntries(result);
  const text = decoder.decode(bytes);
  for (const seq of text.split("&")) {
    if (seq === "") continue;
    const eq = seq.indexOf("=");
    const name = eq < 0 ? seq : seq.slice(0, eq);
    const value = eq < 0 ? "" : seq.slice(eq + 1);
    entries.push([percentDecode(name.replace(/\+/g, " ")), percentDecode(value.replace(/\+/g, " "))]);
  }
  return result;
}

export { Blob };
