// The Body mixin (Fetch §5.3) shared by Request and Response.
//
// A body is buffered for now: { text, bytes, stream } with exactly one source set at creation —
// `text` (a string, encoded to UTF-8 only when bytes are needed), `bytes` (a Uint8Array owned by
// the body: copied from the caller's buffer, never mutated, shareable between clones) or `stream`
// (a ReadableStream, read fully when consumed). Reading `.body` turns a buffered body into a stream
// (loading the lazy "streams" bundle); from then on the stream is the body.
import { runtimeModule, runtimeModuleIfLoaded } from "./lazy.js";
import { isBlob, blobBytes, makeBlob } from "./blob.js";
import { isFormData, serializeMultipart, parseContentType, parseMultipart, parseUrlencoded } from "./form-data.js";
import { headersList } from "./headers.js";
import { concatBytes } from "./bytes.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const EMPTY_BYTES = new Uint8Array(0);

export const TEXT_PLAIN = "text/plain;charset=UTF-8";
export const FORM_URLENCODED = "application/x-www-form-urlencoded;charset=UTF-8";

function toUSVString(s) {
  return typeof s.toWellFormed === "function" ? s.toWellFormed() : s;
}

function isReadableStream(v) {
  const streams = runtimeModuleIfLoaded("streams");
  if (streams !== undefined && v instanceof streams.ReadableStream) return true;
  // a ReadableStream from elsewhere (e.g. a program's own polyfill): duck-typed
  return typeof v.getReader === "function" && typeof v.tee === "function" && "locked" in v;
}

export function isStreamBody(body) {
  return body !== null && body.stream !== null;
}

/**
 * "Extract a body": returns [body, contentType] for a BodyInit (never null: callers handle null).
 */
export function extractBody(init) {
  if (typeof init === "string") return [{ text: toUSVString(init), bytes: null, stream: null }, TEXT_PLAIN];
  if (typeof init === "object" && init !== null) {
    if (init instanceof ArrayBuffer) {
      return [{ text: null, bytes: new Uint8Array(init.slice(0)), stream: null }, null];
    }
    if (ArrayBuffer.isView(init)) {
      const bytes = new Uint8Array(init.buffer.slice(init.byteOffset, init.byteOffset + init.byteLength));
      return [{ text: null, bytes, stream: null }, null];
    }
    const url = runtimeModuleIfLoaded("url"); // a URLSearchParams can only exist if URL was loaded
    if (url !== undefined && init instanceof url.URLSearchParams) {
      return [{ text: init.toString(), bytes: null, stream: null }, FORM_URLENCODED];
    }
    if (isReadableStream(init)) {
      if (init.locked || init._disturbed === true) throw new TypeError("The body stream is locked or has been read");
      return [{ text: null, bytes: null, stream: init }, null];
    }
    if (isBlob(init)) {
      // the blob's bytes are immutable: shared, not copied
      return [{ text: null, bytes: blobBytes(init), stream: null }, init.type === "" ? null : init.type];
    }
    if (isFormData(init)) {
      const [bytes, type] = serializeMultipart(init);
      return [{ text: null, bytes, stream: null }, type];
    }
  }
  // Any other value is converted to a USVString (WebIDL union fallback).
  return [{ text: toUSVString(String(init)), bytes: null, stream: null }, TEXT_PLAIN];
}

/** Is the body unusable (disturbed or locked)? */
export function bodyUnusable(state) {
  const body = state.body;
  if (body === null) return false;
  if (state.used) return true;
  const s = body.stream;
  return s !== null && (s.locked || s._disturbed === true);
}

export function bodyUsed(state) {
  const body = state.body;
  if (body === null) return false;
  if (state.used) return true;
  return body.stream !== null && body.stream._disturbed === true;
}

/** Clones a body (for Request/Response clone()): buffers are shared, streams are teed. */
export function cloneBody(body) {
  if (body === null) return null;
  if (body.stream !== null) {
    const [a, b] = body.stream.tee();
    body.stream = a;
    return { text: null, bytes: null, stream: b };
  }
  return { text: body.text, bytes: body.bytes, stream: null };
}

/** Marks the body consumed and returns it; throws TypeError if it is unusable. */
function take(state) {
  if (bodyUnusable(state)) throw new TypeError("Body has already been used");
  const body = state.body;
  if (body !== null) state.used = true;
  return body;
}

async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      const e = new TypeError("Body stream chunks must be Uint8Array");
      reader.cancel(e).catch(() => {});
      throw e;
    }
    chunks.push(value);
    total += value.byteLength;
  }
  return concatBytes(chunks, total);
}

/**
 * Consumes the body and returns its bytes. The result may be the body's internal (shared,
 * never mutated) array: copy before handing it to user code.
 */
export async function consumeBytes(state) {
  const body = take(state);
  if (body === null) return EMPTY_BYTES;
  if (body.stream !== null) return readAll(body.stream);
  if (body.bytes !== null) return body.bytes;
  return encoder.encode(body.text);
}

async function consumeText(state) {
  const body = take(state);
  if (body === null) return "";
  if (body.stream === null && body.text !== null) return body.text;
  const bytes = body.stream !== null ? await readAll(body.stream) : body.bytes;
  return decoder.decode(bytes);
}

/**
 * Synchronous fast path for the host: the body's bytes without consuming through a stream, or
 * undefined when the body is a stream. Marks the body used.
 */
export function takeBufferedBytes(state) {
  const body = take(state);
  if (body === null) return null;
  if (body.stream !== null) return undefined;
  if (body.bytes !== null) return body.bytes;
  return encoder.encode(body.text);
}

export function streamFromBytes(bytes) {
  const { ReadableStream } = runtimeModule("streams");
  return new ReadableStream({
    type: "bytes",
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
      controller.close();
    },
  });
}

// The combined Content-Type header value, or null.
function contentType(state) {
  const list = headersList(state.headers);
  let value = null;
  for (let i = 0; i < list.length; i += 2) {
    if (list[i].toLowerCase() === "content-type") value = value === null ? list[i + 1] : value + ", " + list[i + 1];
  }
  return value;
}

// A Blob's type from a Content-Type value: lower-cased, whitespace around ';' removed.
function blobType(value) {
  return value.split(";").map((p) => p.trim()).join(";").toLowerCase();
}

/** Installs text/json/arrayBuffer/bytes and the body/bodyUsed getters on `cls.prototype`. */
export function installBodyMixin(cls, stateOf) {
  const methods = {
    get body() {
      const body = stateOf(this).body;
      if (body === null) return null;
      if (body.stream === null) {
        body.stream = streamFromBytes(body.bytes !== null ? body.bytes : encoder.encode(body.text));
        body.text = body.bytes = null;
      }
      return body.stream;
    },
    get bodyUsed() {
      return bodyUsed(stateOf(this));
    },
    async arrayBuffer() {
      const bytes = await consumeBytes(stateOf(this));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    },
    async bytes() {
      return (await consumeBytes(stateOf(this))).slice();
    },
    async text() {
      return consumeText(stateOf(this));
    },
    async json() {
      return JSON.parse(await consumeText(stateOf(this)));
    },
    async blob() {
      const state = stateOf(this);
      const bytes = await consumeBytes(state);
      const mime = parseContentType(contentType(state));
      return makeBlob(bytes, mime === null ? "" : blobType(contentType(state)));
    },
    async formData() {
      const state = stateOf(this);
      const mime = parseContentType(contentType(state));
      if (mime !== null && mime.essence === "multipart/form-data") {
        return parseMultipart(await consumeBytes(state), mime.params.get("boundary"));
      }
      if (mime !== null && mime.essence === "application/x-www-form-urlencoded") {
        return parseUrlencoded(await consumeBytes(state));
      }
      // still consume the body, as the standard's "consume body" does before parsing
      await consumeBytes(state);
      throw new TypeError("Body.formData: the content type is neither multipart/form-data nor application/x-www-form-urlencoded");
    },
  };
  for (const key of Object.getOwnPropertyNames(methods)) {
    const d = Object.getOwnPropertyDescriptor(methods, key);
    d.enumerable = true;
    Object.defineProperty(cls.prototype, key, d);
  }
}
