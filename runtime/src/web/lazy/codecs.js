// Lazy bundle "codecs": TextEncoderStream, TextDecoderStream (Encoding Standard) and
// CompressionStream, DecompressionStream (Compression Streams; gzip/deflate/deflate-raw by fflate).
// Their readable/writable come from the `streams` bundle's TransformStream (the same classes as the
// globals), reached through the loader that lazy.js hands to __link before anything else runs.
import { Gzip, Gunzip, Zlib, Unzlib, Deflate, Inflate } from "fflate";
import { enumerable } from "../define.js";
// Brand checks: every getter reads a private field, which throws TypeError on a foreign `this`.

let runtimeModule = null;

/** Called once by lazy.js right after this bundle is evaluated. */
export function __link(loader) {
  runtimeModule = loader;
}

function newTransformStream(transformer) {
  const { TransformStream } = runtimeModule("streams");
  return new TransformStream(transformer);
}

function bufferSourceBytes(chunk) {
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof SharedArrayBuffer === "function" && chunk instanceof SharedArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError("The chunk must be an ArrayBuffer or an ArrayBufferView");
}

// ---- TextEncoderStream ---------------------------------------------------------------------------

const encoder = new TextEncoder();

export class TextEncoderStream {
  #transform;
  constructor() {
    let pendingHigh = ""; // a lone high surrogate at the end of the previous chunk
    this.#transform = newTransformStream({
      transform(chunk, controller) {
        let s = pendingHigh + String(chunk);
        pendingHigh = "";
        const last = s.length ? s.charCodeAt(s.length - 1) : 0;
        if (last >= 0xd800 && last <= 0xdbff) {
          pendingHigh = s[s.length - 1];
          s = s.slice(0, -1);
        }
        if (s.length) controller.enqueue(encoder.encode(s));
      },
      flush(controller) {
        if (pendingHigh) controller.enqueue(new Uint8Array([0xef, 0xbf, 0xbd]));
      },
    });
  }
  get encoding() { return "utf-8"; }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}

// ---- TextDecoderStream ---------------------------------------------------------------------------

export class TextDecoderStream {
  #transform;
  #decoder;
  constructor(label = "utf-8", options = {}) {
    const decoder = new TextDecoder(label, options);
    this.#decoder = decoder;
    this.#transform = newTransformStream({
      transform(chunk, controller) {
        const text = decoder.decode(bufferSourceBytes(chunk), { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text) controller.enqueue(text);
      },
    });
  }
  get encoding() { return this.#decoder.encoding; }
  get fatal() { return this.#decoder.fatal; }
  get ignoreBOM() { return this.#decoder.ignoreBOM; }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}

// ---- CompressionStream / DecompressionStream -----------------------------------------------------

const COMPRESS = { "gzip": Gzip, "deflate": Zlib, "deflate-raw": Deflate };
const DECOMPRESS = { "gzip": Gunzip, "deflate": Unzlib, "deflate-raw": Inflate };

// fflate checks neither the gzip trailer (CRC-32, ISIZE) nor the zlib Adler-32: done here on the
// output, against the last bytes of the input (so data after the end also fails the check).
let crcTable = null;
function crc32Table() {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
}
const CHECKS = {
  gzip: () => {
    crcTable ??= crc32Table();
    let crc = -1, size = 0;
    return {
      update(d) {
        for (let i = 0; i < d.length; i++) crc = crcTable[(crc ^ d[i]) & 0xff] ^ (crc >>> 8);
        size = (size + d.length) >>> 0;
      },
      matches(tail) {
        const le = (at) => (tail[at] | (tail[at + 1] << 8) | (tail[at + 2] << 16) | (tail[at + 3] << 24)) >>> 0;
        return tail.length === 8 && le(0) === (~crc >>> 0) && le(4) === size;
      },
    };
  },
  deflate: () => {
    let a = 1, b = 0;
    return {
      update(d) {
        for (let i = 0; i < d.length; ) {
          const end = Math.min(d.length, i + 3800); // reduce often enough that a and b stay exact doubles
          for (; i < end; i++) { a += d[i]; b += a; }
          a %= 65521;
          b %= 65521;
        }
      },
      matches(tail) {
        const t = tail.subarray(tail.length - 4);
        return tail.length >= 4 && ((t[0] << 24) | (t[1] << 16) | (t[2] << 8) | t[3]) >>> 0 === ((b << 16) | a) >>> 0;
      },
    };
  },
};

function lastBytes(tail, bytes, n) {
  if (bytes.length >= n) return bytes.slice(bytes.length - n);
  const out = new Uint8Array(Math.min(n, tail.length + bytes.length));
  out.set(tail.subarray(tail.length - (out.length - bytes.length)));
  out.set(bytes, out.length - bytes.length);
  return out;
}

function codecStream(Codec, decompress, fmt) {
  let controller = null;
  let ended = false;
  const check = decompress && CHECKS[fmt] ? CHECKS[fmt]() : null;
  let tail = new Uint8Array(0);
  const codec = new Codec((data, final) => {
    if (data.length) {
      if (check) check.update(data);
      controller.enqueue(data);
    }
    if (final) ended = true;
  });
  const push = (bytes, final) => {
    if (decompress && ended && bytes.length) throw new TypeError("Junk found after the end of the compressed data");
    if (check) tail = lastBytes(tail, bytes, 8);
    try {
      codec.push(bytes, final);
    } catch (e) {
      if (!decompress) throw e;
      throw new TypeError(`The compressed data is invalid: ${e && e.message}`);
    }
  };
  return newTransformStream({
    start(c) { controller = c; },
    transform(chunk) { push(bufferSourceBytes(chunk), false); },
    flush() {
      if (!(decompress && ended)) push(new Uint8Array(0), true);
      if (decompress && !ended) throw new TypeError("The compressed data ended early");
      if (check && !check.matches(tail)) {
        throw new TypeError(`The ${fmt} checksum does not match (corrupt data, or data after the end)`);
      }
    },
  });
}

function format(value, cls, table) {
  const f = String(value);
  if (!Object.hasOwn(table, f)) {
    throw new TypeError(`Failed to construct '${cls}': Unsupported compression format: '${f}'`);
  }
  return table[f];
}

export class CompressionStream {
  #transform;
  constructor(fmt) {
    if (arguments.length < 1) throw new TypeError("Failed to construct 'CompressionStream': 1 argument required");
    this.#transform = codecStream(format(fmt, "CompressionStream", COMPRESS), false, String(fmt));
  }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}

export class DecompressionStream {
  #transform;
  constructor(fmt) {
    if (arguments.length < 1) throw new TypeError("Failed to construct 'DecompressionStream': 1 argument required");
    this.#transform = codecStream(format(fmt, "DecompressionStream", DECOMPRESS), true, String(fmt));
  }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}

// The bundle is minified: class names are set explicitly.
function webIdl(cls, name, names) {
  Object.defineProperty(cls, "name", { value: name, configurable: true });
  enumerable(cls.prototype, names);
  Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: name, configurable: true });
}
webIdl(TextEncoderStream, "TextEncoderStream", ["encoding", "readable", "writable"]);
webIdl(TextDecoderStream, "TextDecoderStream", ["encoding", "fatal", "ignoreBOM", "readable", "writable"]);
webIdl(CompressionStream, "CompressionStream", ["readable", "writable"]);
webIdl(DecompressionStream, "DecompressionStream", ["readable", "writable"]);
