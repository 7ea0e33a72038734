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

function codecStream(Codec, decompress) {
  let controller = null;
  let ended = false;
  const codec = new Codec((data, final) => {
    if (data.length) controller.enqueue(data);
    if (final) ended = true;
  });
  const push = (bytes, final) => {
    if (decompress && ended && bytes.length) throw new TypeError("Junk found after the end of the compressed data");
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
      if (decompress && ended) return;
      push(new Uint8Array(0), true);
      if (decompress && !ended) throw new TypeError("The compressed data ended early");
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
    this.#transform = codecStream(format(fmt, "CompressionStream", COMPRESS), false);
  }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}

export class DecompressionStream {
  #transform;
  constructor(fmt) {
    if (arguments.length < 1) throw new TypeError("Failed to construct 'DecompressionStream': 1 argument required");
    this.#transform = codecStream(format(fmt, "DecompressionStream", DECOMPRESS), true);
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
