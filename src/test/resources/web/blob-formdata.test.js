const enc = (s) => new TextEncoder().encode(s);

test("Blob: parts of strings, buffers, views and blobs; size, type, text", async () => {
  const inner = new Blob(["cd"]);
  const b = new Blob(["ab", inner, enc("ef"), enc("xgx").subarray(1, 2).buffer.slice(1, 2), new Uint8Array([0x68])], { type: "Text/Plain" });
  eq(b.size, 8);
  eq(b.type, "text/plain", "type lower-cased");
  eq(await b.text(), "abcdefgh");
  eq(new Blob([], { type: "a\u00e9" }).type, "", "non-ASCII type becomes empty");
  eq(new Blob().size, 0);
  eq(await new Blob(["a\r\nb\rc"], { endings: "native" }).text(), "a\nb\nc");
  eq(await new Blob(["a\r\nb"]).text(), "a\r\nb", "transparent by default");
  throws(TypeError, () => new Blob("not a sequence"));
  const src = new Uint8Array([1, 2, 3]);
  const copy = new Blob([src]);
  src[0] = 9;
  deepEq([...(await copy.bytes())], [1, 2, 3], "parts are copied");
  eq(Object.prototype.toString.call(b), "[object Blob]");
});

test("Blob.slice with negative and out-of-range indexes", async () => {
  const b = new Blob(["0123456789"]);
  eq(await b.slice(2, 5).text(), "234");
  eq(await b.slice(-3).text(), "789");
  eq(await b.slice(-5, -2).text(), "567");
  eq(await b.slice(-100, 2).text(), "01");
  eq(await b.slice(8, 100).text(), "89");
  eq(await b.slice(5, 2).text(), "", "end before start");
  eq(b.slice().size, 10);
  eq(b.slice(0, 1, "X/Y").type, "x/y");
  eq(b.slice(0, 1).type, "");
  eq(await b.slice(2, 8).slice(-2).text(), "67", "slice of a slice");
});

test("Blob arrayBuffer, bytes, stream", async () => {
  const b = new Blob([new Uint8Array([0, 1, 255])]);
  const ab = await b.arrayBuffer();
  ok(ab instanceof ArrayBuffer);
  deepEq([...new Uint8Array(ab)], [0, 1, 255]);
  const bytes = await b.bytes();
  bytes[0] = 7;
  deepEq([...(await b.bytes())], [0, 1, 255], "bytes() returns a copy");
  const reader = b.slice(1).stream().getReader();
  const chunks = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(...value);
  }
  deepEq(chunks, [1, 255]);
});

test("File: name, lastModified, type; is a Blob", async () => {
  const f = new File(["hello"], "a.txt", { type: "text/plain", lastModified: 42 });
  ok(f instanceof Blob);
  eq(f.name, "a.txt");
  eq(f.lastModified, 42);
  eq(f.type, "text/plain");
  eq(await f.text(), "hello");
  const before = Date.now();
  const lastModified = new File([], "x").lastModified;
  const after = Date.now();
  ok(before <= lastModified && lastModified <= after, "lastModified defaults to now");
  throws(TypeError, () => new File(["x"]));
  eq(Object.prototype.toString.call(f), "[object File]");
});

test("FormData: append, get, getAll, has, set, delete, iteration order", () => {
  const fd = new FormData();
  fd.append("a", "1");
  fd.append("b", "2");
  fd.append("a", "3");
  eq(fd.get("a"), "1");
  deepEq(fd.getAll("a"), ["1", "3"]);
  eq(fd.has("b"), true);
  eq(fd.get("zz"), null);
  fd.set("a", "4"); // replaces the first, removes the others
  deepEq([...fd], [["a", "4"], ["b", "2"]]);
  fd.delete("b");
  deepEq([...fd.keys()], ["a"]);
  fd.append("n", 5);
  deepEq([...fd.values()], ["4", "5"], "values converted to strings");
  const seen = [];
  fd.forEach((v, k, o) => seen.push([k, v, o === fd]));
  deepEq(seen, [["a", "4", true], ["n", "5", true]]);
  throws(TypeError, () => new FormData({}), "no form elements");
  throws(TypeError, () => fd.append("x", "string", "filename"), "filename only with a Blob");
});

test("FormData: Blob values become Files named 'blob' or the given filename", () => {
  const fd = new FormData();
  fd.append("b", new Blob(["x"], { type: "text/x" }));
  fd.append("f", new File(["y"], "orig.txt"), "renamed.txt");
  const original = new File(["z"], "keep.txt");
  fd.append("g", original);
  const b = fd.get("b");
  ok(b instanceof File);
  eq(b.name, "blob");
  eq(b.type, "text/x");
  eq(fd.get("f").name, "renamed.txt");
  eq(fd.get("g"), original, "a File without filename is kept as is");
});

test("Response(FormData): multipart body with a boundary content type; round trip", async () => {
  const fd = new FormData();
  fd.append("text", "line1\nline2 \u00e9");
  fd.append("quote\"name", "v");
  const fileBytes = new Uint8Array([0, 13, 10, 45, 45, 255, 1]);
  fd.append("upload", new File([fileBytes], "data.bin", { type: "application/x-thing" }));
  fd.append("plain", new Blob(["no type"]));
  const r = new Response(fd);
  const ct = r.headers.get("content-type");
  ok(/^multipart\/form-data; boundary=[-A-Za-z0-9]+$/.test(ct), ct);
  const text = await r.clone().text();
  const boundary = ct.split("boundary=")[1];
  ok(text.startsWith(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nline1\r\nline2 \u00e9\r\n`), text);
  ok(text.includes('name="quote%22name"'), "names escaped");
  ok(text.endsWith(`--${boundary}--\r\n`));
  ok(new Response(new FormData()).headers.get("content-type") !== ct, "a new random boundary each time");
  const back = await r.formData();
  eq(back.get("text"), "line1\r\nline2 \u00e9", "line breaks normalized to CRLF");
  eq(back.get("quote\"name"), "v");
  const f = back.get("upload");
  ok(f instanceof File);
  eq(f.name, "data.bin");
  eq(f.type, "application/x-thing");
  deepEq([...(await f.bytes())], [...fileBytes], "file bytes exact");
  eq(back.get("plain").name, "blob");
  eq(back.get("plain").type, "application/octet-stream");
});

test("formData(): parses a hand-written multipart upload (preamble, quoted boundary, no content type)", async () => {
  const body = [
    "preamble\r\n",
    "--XyZ\r\n",
    'Content-Disposition: form-data; name="field"\r\n\r\n',
    "value\r\n",
    "--XyZ\r\n",
    'Content-Disposition: form-data; name="file"; filename="a b.txt"\r\n\r\n',
    "contents\r\n--XyZ-not-the-end\r\n",
    "--XyZ--\r\nepilogue",
  ].join("");
  const r = new Request("https://x/", { method: "POST", body, headers: { "content-type": 'multipart/form-data; boundary="XyZ"' } });
  const fd = await r.formData();
  eq(fd.get("field"), "value");
  const f = fd.get("file");
  eq(f.name, "a b.txt");
  eq(f.type, "text/plain", "file without Content-Type");
  eq(await f.text(), "contents\r\n--XyZ-not-the-end", "a boundary-like line inside the content is content");
  eq(r.bodyUsed, true);
  const broken = new Response("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", { headers: { "content-type": "multipart/form-data; boundary=XyZ" } });
  await rejects(TypeError, () => broken.formData(), "missing closing boundary");
  const noBoundary = new Response("x", { headers: { "content-type": "multipart/form-data" } });
  await rejects(TypeError, () => noBoundary.formData());
});

test("formData(): application/x-www-form-urlencoded, and other types are a TypeError", async () => {
  const fd = await new Response("a=1&b=x+y%20z&a=%C3%A9&&novalue&=e").clone().formData()
    .catch(() => null);
  eq(fd, null, "text/plain is not form data");
  const r = new Response("a=1&b=x+y%20z&a=%C3%A9&&novalue&=e&bad=%zz", { headers: { "content-type": "application/x-www-form-urlencoded" } });
  const parsed = await r.formData();
  deepEq([...parsed], [["a", "1"], ["b", "x y z"], ["a", "\u00e9"], ["novalue", ""], ["", "e"], ["bad", "%zz"]]);
  const fromParams = await new Response(new URLSearchParams({ k: "v w" })).formData();
  eq(fromParams.get("k"), "v w");
});

test("blob(): body bytes with the content type; Blob bodies set the content type", async () => {
  const r = new Response("hello", { headers: { "content-type": "Text/Plain; Charset=UTF-8" } });
  const b = await r.blob();
  ok(b instanceof Blob);
  eq(b.type, "text/plain;charset=utf-8");
  eq(await b.text(), "hello");
  eq((await new Response(new Uint8Array([1])).blob()).type, "", "no content type");
  const body = new Blob(["blob body"], { type: "application/thing" });
  const r2 = new Response(body);
  eq(r2.headers.get("content-type"), "application/thing");
  eq(await r2.text(), "blob body");
  eq(new Response(new Blob(["x"])).headers.get("content-type"), null, "untyped blob: no content type");
  const req = new Request("https://x/", { method: "POST", body: new File(["f"], "f.txt", { type: "text/x" }) });
  eq(req.headers.get("content-type"), "text/x");
  eq(await (await req.blob()).text(), "f");
});
