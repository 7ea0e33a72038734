// TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream (lazy "codecs" bundle).
async function collect(readable) {
  const out = [];
  const reader = readable.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}
function concat(chunks) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}
async function through(transform, chunks) {
  const w = transform.writable.getWriter();
  const done = collect(transform.readable);
  for (const c of chunks) await w.write(c);
  await w.close();
  return done;
}
const bytes = (s) => new TextEncoder().encode(s);

test("globals are lazy, non-enumerable and brand-checked", () => {
  for (const name of ["TextEncoderStream", "TextDecoderStream", "CompressionStream", "DecompressionStream"]) {
    const d = Object.getOwnPropertyDescriptor(globalThis, name);
    ok(d && !d.enumerable, name);
    eq(typeof globalThis[name], "function", name);
    eq(globalThis[name].name, name, "class name");
    eq(Object.prototype.toString.call(new globalThis[name](/ompressionStream$/.test(name) ? "gzip" : undefined)), `[object ${name}]`);
  }
  throws(TypeError, () => Object.getOwnPropertyDescriptor(CompressionStream.prototype, "readable").get.call({}), "foreign this");
  ok(new TextEncoderStream().readable instanceof ReadableStream, "readable is the global ReadableStream");
  ok(new CompressionStream("gzip").writable instanceof WritableStream, "writable is the global WritableStream");
});

test("TextEncoderStream encodes, keeping a surrogate pair split across chunks", async () => {
  const s = new TextEncoderStream();
  eq(s.encoding, "utf-8");
  const out = await through(s, ["a", "é", "\ud83d", "\ude00b", ""]);
  deepEq(concat(out), bytes("aé😀b"));
  ok(out.every((c) => c instanceof Uint8Array && c.length > 0), "only non-empty Uint8Array chunks");
  deepEq(concat(await through(new TextEncoderStream(), ["x\ud83d"])), new Uint8Array([0x78, 0xef, 0xbf, 0xbd]), "lone high surrogate at end");
});

test("TextDecoderStream decodes multi-byte characters split across chunks", async () => {
  const all = bytes("ä€😀z");
  // every byte its own chunk
  const chunks = [...all].map((b) => new Uint8Array([b]));
  eq((await through(new TextDecoderStream(), chunks)).join(""), "ä€😀z");
  // split inside the 4-byte sequence, ArrayBuffer and DataView chunks
  const a = all.slice(0, 7), b = all.slice(7);
  eq((await through(new TextDecoderStream(), [a.buffer, new DataView(b.buffer)])).join(""), "ä€😀z");
});

test("TextDecoderStream: truncated input gives U+FFFD, fatal rejects, options and labels", async () => {
  eq((await through(new TextDecoderStream(), [new Uint8Array([0x61, 0xf0, 0x9f])])).join(""), "a\ufffd");
  const fatal = new TextDecoderStream("utf-8", { fatal: true });
  eq(fatal.fatal, true);
  await rejects(TypeError, through(fatal, [new Uint8Array([0x61, 0xf0, 0x9f])]), "fatal at end");
  const d = new TextDecoderStream("UTF8", { ignoreBOM: true });
  eq(d.encoding, "utf-8");
  eq(d.ignoreBOM, true);
  eq((await through(d, [new Uint8Array([0xef, 0xbb, 0xbf, 0x41])])).join(""), "\ufeffA");
  eq((await through(new TextDecoderStream(), [new Uint8Array([0xef, 0xbb]), new Uint8Array([0xbf, 0x41])])).join(""), "A", "BOM split and stripped");
  throws(RangeError, () => new TextDecoderStream("no-such-encoding"));
  await rejects(TypeError, through(new TextDecoderStream(), ["not bytes"]), "string chunk");
});

test("CompressionStream/DecompressionStream round trip for every format", async () => {
  const text = "hello hello hello compression ".repeat(200) + "😀";
  for (const format of ["gzip", "deflate", "deflate-raw"]) {
    const compressed = concat(await through(new CompressionStream(format), [bytes(text.slice(0, 100)), bytes(text.slice(100))]));
    ok(compressed.length < 600, `${format} compresses (${compressed.length} bytes)`);
    // decompress one byte at a time
    const parts = [...compressed].map((b) => new Uint8Array([b]));
    const plain = concat(await through(new DecompressionStream(format), parts));
    eq(new TextDecoder().decode(plain), text, format);
  }
  eq(concat(await through(new CompressionStream("gzip"), []))[0], 0x1f, "empty input still gives a gzip header");
});

test("format headers: gzip magic, zlib header, raw has neither", async () => {
  const gz = concat(await through(new CompressionStream("gzip"), [bytes("x")]));
  deepEq([gz[0], gz[1]], [0x1f, 0x8b]);
  const z = concat(await through(new CompressionStream("deflate"), [bytes("x")]));
  eq(((z[0] << 8) | z[1]) % 31, 0, "zlib header check bits");
  eq(z[0] & 0x0f, 8, "zlib CM = deflate");
});

test("pipeThrough and Response body", async () => {
  const body = new Blob(["streamed ", "text"]).stream()
    .pipeThrough(new CompressionStream("deflate-raw"))
    .pipeThrough(new DecompressionStream("deflate-raw"))
    .pipeThrough(new TextDecoderStream());
  eq((await collect(body)).join(""), "streamed text");
  const gz = new Response(new Blob(["abc"]).stream().pipeThrough(new CompressionStream("gzip")));
  const back = new Response(gz.body.pipeThrough(new DecompressionStream("gzip")));
  eq(await back.text(), "abc");
});

test("errors: bad format, bad chunks, corrupt and truncated input", async () => {
  throws(TypeError, () => new CompressionStream("br"));
  throws(TypeError, () => new DecompressionStream("GZIP"));
  throws(TypeError, () => new CompressionStream());
  await rejects(TypeError, through(new CompressionStream("gzip"), ["text"]), "string chunk");
  await rejects(TypeError, through(new DecompressionStream("gzip"), [bytes("definitely not gzip")]), "garbage");
  const gz = concat(await through(new CompressionStream("gzip"), [bytes("some data to compress")]));
  await rejects(TypeError, through(new DecompressionStream("gzip"), [gz.slice(0, gz.length - 12)]), "truncated");
  const badCrc = gz.slice(); badCrc[gz.length - 8] ^= 1;
  await rejects(TypeError, through(new DecompressionStream("gzip"), [badCrc]), "gzip CRC-32 mismatch");
  const badSize = gz.slice(); badSize[gz.length - 1] ^= 1;
  await rejects(TypeError, through(new DecompressionStream("gzip"), [badSize]), "gzip ISIZE mismatch");
  const z = concat(await through(new CompressionStream("deflate"), [bytes("zlib data ".repeat(1000))]));
  eq(new TextDecoder().decode(concat(await through(new DecompressionStream("deflate"), [z]))), "zlib data ".repeat(1000));
  const badAdler = z.slice(); badAdler[z.length - 1] ^= 1;
  await rejects(TypeError, through(new DecompressionStream("deflate"), [badAdler]), "zlib Adler-32 mismatch");
  await rejects(TypeError, through(new DecompressionStream("deflate"), [z, new Uint8Array([7])]), "zlib junk after the end");
  await rejects(TypeError, through(new DecompressionStream("gzip"), [gz, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])]), "junk after the end");
  // Divergence (docs/web-platform.md): bytes after the end of a deflate-raw stream are ignored.
});
