// Blob and File (File API). A blob's bytes are one Uint8Array owned by the blob and never mutated,
// so slices and blobs built from one other blob share memory.
import { streamFromBytes } from "./body.js";
import { enumerable } from "./define.js";
import { concatBytes } from "./bytes.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);
const INTERNAL = Symbol("w7s.internal");

export let blobBytes; // (blob) => Uint8Array (shared: do not mutate), TypeError if not a Blob
export let makeBlob; // (bytes, type) => Blob adopting bytes

/** The `type` option: lower-cased if all printable ASCII, else "". */
function normalizeType(t) {
  const s = String(t);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return "";
  }
  return s.toLowerCase();
}

function partsToBytes(parts, endings) {
  if (parts === undefined) return EMPTY;
  if (parts === null || typeof parts !== "object" || typeof parts[Symbol.iterator] !== "function") {
    throw new TypeError("Blob: blobParts must be a sequence");
  }
  const chunks = [];
  let total = 0;
  for (const part of parts) {
    let bytes;
    if (part instanceof ArrayBuffer) bytes = new Uint8Array(part.slice(0));
    else if (ArrayBuffer.isView(part)) bytes = new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
    else if (isBlob(part)) bytes = blobBytes(part);
    else {
      let s = String(part);
      if (typeof s.toWellFormed === "function") s = s.toWellFormed();
      if (endings === "native") s = s.replace(/\r\n?/g, "\n");
      bytes = encoder.encode(s);
    }
    chunks.push(bytes);
    total += bytes.byteLength;
  }
  return concatBytes(chunks, total);
}

function bagOptions(options, what) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" && typeof options !== "function") throw new TypeError(`${what}: options must be an object`);
  return options;
}

function endingsOf(o) {
  if (o.endings === undefined) return "transparent";
  const e = String(o.endings);
  if (e !== "transparent" && e !== "native") throw new TypeError(`Invalid endings: ${JSON.stringify(e)}`);
  return e;
}

function isBlob(v) {
  try {
    blobBytes(v);
    return true;
  } catch {
    return false;
  }
}
export { isBlob };

/** relative index of Blob.slice: negative counts from the end, clamped to [0, size]. */
function relative(v, size) {
  if (v === undefined) return undefined;
  let n = Math.trunc(Number(v));
  if (Number.isNaN(n)) n = 0;
  return n < 0 ? Math.max(size + n, 0) : Math.min(n, size);
}

export class Blob {
  #bytes;
  #type;

  constructor(blobParts = undefined, options = undefined) {
    if (blobParts === INTERNAL) {
      this.#bytes = options.bytes;
      this.#type = options.type;
      return;
    }
    const o = bagOptions(options, "Blob");
    const endings = endingsOf(o);
    this.#type = o.type === undefined ? "" : normalizeType(o.type);
    this.#bytes = partsToBytes(blobParts, endings);
  }

  get size() { return this.#bytes.byteLength; }
  get type() { return this.#type; }

  slice(start = undefined, end = undefined, contentType = undefined) {
    const size = this.#bytes.byteLength;
    const from = relative(start, size) ?? 0;
    const to = relative(end, size) ?? size;
    const type = contentType === undefined ? "" : normalizeType(contentType);
    const bytes = to > from ? this.#bytes.subarray(from, to) : EMPTY;
    return new Blob(INTERNAL, { bytes, type });
  }

  stream() {
    return streamFromBytes(this.#bytes);
  }

  async text() {
    return decoder.decode(this.#bytes);
  }

  async arrayBuffer() {
    const b = this.#bytes;
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  }

  async bytes() {
    return this.#bytes.slice();
  }

  static {
    blobBytes = (b) => {
      if (b === null || typeof b !== "object" || !(#bytes in b)) throw new TypeError("Expected a Blob");
      return b.#bytes;
    };
    makeBlob = (bytes, type) => new Blob(INTERNAL, { bytes, type });
  }
}
Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: "Blob", configurable: true });
enumerable(Blob.prototype, ["size", "type", "slice", "stream", "text", "arrayBuffer", "bytes"]);

export class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    if (arguments.length < 2) throw new TypeError(`File: 2 arguments required, but only ${arguments.length} present.`);
    const o = bagOptions(options, "File");
    super(fileBits, { type: o.type, endings: o.endings });
    let name = String(fileName);
    if (typeof name.toWellFormed === "function") name = name.toWellFormed();
    this.#name = name;
    if (o.lastModified === undefined) this.#lastModified = Date.now();
    else {
      const n = Number(o.lastModified); // WebIDL long long
      this.#lastModified = Number.isFinite(n) ? Math.trunc(n) : 0;
    }
  }

  get name() { return this.#name; }
  get lastModified() { return this.#lastModified; }
  get webkitRelativePath() { return ""; }
}
Object.defineProperty(File.prototype, Symbol.toStringTag, { value: "File", configurable: true });
enumerable(File.prototype, ["name", "lastModified", "webkitRelativePath"]);

export function isFile(v) {
  return v instanceof File;
}
