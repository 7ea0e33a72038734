const enc = (s) => new TextEncoder().encode(s);

test("new Response(string): status, headers, text, content type", async () => {
  const r = new Response("hi");
  eq(r.status, 200);
  eq(r.ok, true);
  eq(r.statusText, "");
  eq(r.type, "default");
  eq(r.url, "");
  eq(r.redirected, false);
  eq(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  eq(r.bodyUsed, false);
  eq(await r.text(), "hi");
  eq(r.bodyUsed, true);
  await rejects(TypeError, () => r.text(), "second read");
  await rejects(TypeError, () => r.arrayBuffer(), "second read (arrayBuffer)");
});

test("Response body types and content types", async () => {
  const ab = enc("abc").buffer;
  const r1 = new Response(ab);
  eq(r1.headers.get("content-type"), null);
  new Uint8Array(ab)[0] = 0x7a; // the body was copied at construction
  eq(await r1.text(), "abc");
  const big = enc("xxhelloxx");
  const r2 = new Response(new Uint8Array(big.buffer, 2, 5));
  eq(await r2.text(), "hello", "typed array view range");
  const r3 = new Response(new DataView(big.buffer, 2, 5));
  deepEq([...(await r3.bytes())], [...enc("hello")]);
  const r4 = new Response(null);
  eq(r4.body, null);
  eq(await r4.text(), "");
  eq(r4.bodyUsed, false, "null body is never used");
  eq(await new Response().text(), "");
  const r5 = new Response("x", { headers: { "Content-Type": "application/custom" } });
  eq(r5.headers.get("content-type"), "application/custom", "init content type wins");
  const r6 = new Response(new URLSearchParams({ a: "1", b: "x y" }));
  eq(r6.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  eq(await r6.text(), "a=1&b=x+y");
  eq(await new Response(42).text(), "42", "other values become strings");
});

test("Body readers: json, arrayBuffer, bytes", async () => {
  deepEq(await new Response('{"a":[1,2]}').json(), { a: [1, 2] });
  await rejects(SyntaxError, () => new Response("{").json());
  const ab = await new Response("h\u00e9").arrayBuffer();
  ok(ab instanceof ArrayBuffer);
  deepEq([...new Uint8Array(ab)], [0x68, 0xc3, 0xa9]);
  const bytes = await new Response(new Uint8Array([0, 255])).bytes();
  ok(bytes instanceof Uint8Array);
  deepEq([...bytes], [0, 255]);
  eq(await new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])).text(), "a", "UTF-8 BOM stripped");
  eq(await new Response(new Uint8Array([0xff])).text(), "\ufffd", "invalid UTF-8 replaced");
});

test("status validation", () => {
  throws(RangeError, () => new Response("", { status: 199 }));
  throws(RangeError, () => new Response("", { status: 600 }));
  throws(RangeError, () => new Response(null, { status: 0 }));
  eq(new Response(null, { status: 599 }).status, 599);
  eq(new Response(null, { status: 404 }).ok, false);
  for (const s of [204, 205, 304]) {
    throws(TypeError, () => new Response("x", { status: s }), `body with ${s}`);
    eq(new Response(null, { status: s }).status, s);
  }
  throws(TypeError, () => new Response("x", { statusText: "bad\ntext" }));
  eq(new Response("x", { status: 201, statusText: "Created" }).statusText, "Created");
});

test("Response.json", async () => {
  const r = Response.json({ a: 1 }, { status: 201, headers: { "x-a": "b" } });
  eq(r.status, 201);
  eq(r.headers.get("content-type"), "application/json");
  eq(r.headers.get("x-a"), "b");
  eq(await r.text(), '{"a":1}');
  eq(Response.json(1, { headers: { "content-type": "application/x" } }).headers.get("content-type"), "application/x");
  throws(TypeError, () => Response.json(undefined));
  throws(TypeError, () => Response.json(() => 1));
  throws(TypeError, () => Response.json({}, { status: 204 }));
});

test("Response.redirect and Response.error", () => {
  const r = Response.redirect("https://example.com/a b", 301);
  eq(r.status, 301);
  eq(r.headers.get("location"), "https://example.com/a%20b");
  eq(Response.redirect("https://example.com/").status, 302);
  for (const s of [200, 300, 304, 399, 309]) throws(RangeError, () => Response.redirect("https://example.com/", s), `status ${s}`);
  throws(TypeError, () => Response.redirect("/relative"), "relative URL");
  const e = Response.error();
  eq(e.type, "error");
  eq(e.status, 0);
  eq(e.ok, false);
  eq(e.body, null);
});

test("Response.clone", async () => {
  const r = new Response("body", { status: 202, headers: { a: "1" } });
  const c = r.clone();
  eq(c.status, 202);
  eq(c.headers.get("a"), "1");
  c.headers.set("a", "2");
  eq(r.headers.get("a"), "1", "clone has its own headers");
  eq(await c.text(), "body");
  eq(await r.text(), "body");
  throws(TypeError, () => r.clone(), "clone after use");
  ok(Response.error().clone().headers !== undefined);
  throws(TypeError, () => Response.error().clone().headers.set("a", "b"), "clone keeps immutability");
});

test("Request: defaults, method normalization, forbidden methods", () => {
  const r = new Request("https://example.com/p?q#f");
  eq(r.url, "https://example.com/p?q#f");
  eq(r.method, "GET");
  eq(r.redirect, "follow");
  eq(r.mode, "cors");
  eq(r.credentials, "same-origin");
  eq(r.cache, "default");
  eq(r.referrer, "about:client");
  eq(r.body, null);
  eq(new Request("https://x/", { method: "post" }).method, "POST");
  eq(new Request("https://x/", { method: "delete" }).method, "DELETE");
  eq(new Request("https://x/", { method: "patch" }).method, "patch", "PATCH is not normalized");
  eq(new Request("https://x/", { method: "Custom" }).method, "Custom");
  for (const m of ["CONNECT", "trace", "Track"]) throws(TypeError, () => new Request("https://x/", { method: m }), m);
  throws(TypeError, () => new Request("https://x/", { method: "bad method" }));
  throws(TypeError, () => new Request("/relative"), "relative URL");
  throws(TypeError, () => new Request("https://user:pw@x/"), "credentials in URL");
  throws(TypeError, () => new Request("https://x/", { redirect: "nope" }));
  eq(new Request("https://x/", { redirect: "manual" }).redirect, "manual");
  eq(new Request("HTTPS://EXAMPLE.com:443/a/../b").url, "https://example.com/b", "URL is parsed and serialized");
});

test("Request bodies", async () => {
  throws(TypeError, () => new Request("https://x/", { body: "a" }), "GET with body");
  throws(TypeError, () => new Request("https://x/", { method: "HEAD", body: "a" }), "HEAD with body");
  const r = new Request("https://x/", { method: "POST", body: "hello" });
  eq(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  eq(await r.text(), "hello");
  eq(r.bodyUsed, true);
  await rejects(TypeError, () => r.text());
  const b = new Request("https://x/", { method: "PUT", body: new Uint8Array([1, 2, 3]) });
  eq(b.headers.get("content-type"), null);
  deepEq([...new Uint8Array(await b.arrayBuffer())], [1, 2, 3]);
  const j = new Request("https://x/", { method: "POST", body: '{"k":true}', headers: { "content-type": "application/json" } });
  deepEq(await j.json(), { k: true });
});

test("new Request(request, init) copies and moves the body", async () => {
  const a = new Request("https://x/a", { method: "POST", body: "data", headers: { "x-h": "1" }, redirect: "manual" });
  const b = new Request(a);
  eq(b.url, "https://x/a");
  eq(b.method, "POST");
  eq(b.redirect, "manual");
  eq(b.headers.get("x-h"), "1");
  ok(b.headers !== a.headers);
  eq(a.bodyUsed, true, "the input's body moved to the new request");
  eq(await b.text(), "data");
  throws(TypeError, () => new Request(a), "input body already used");

  const c = new Request("https://x/c", { method: "POST", body: "c", headers: { a: "1" } });
  const d = new Request(c, { method: "PUT", headers: { b: "2" } });
  eq(d.method, "PUT");
  eq(d.headers.get("a"), null, "init.headers replace the input's headers");
  eq(d.headers.get("b"), "2");
  eq(await d.text(), "c");
  throws(TypeError, () => new Request(new Request("https://x/", { method: "POST", body: "z" }), { method: "GET" }), "GET with moved body");
  const e = new Request(new Request("https://x/e", { method: "POST", body: "old" }), { body: "new" });
  eq(await e.text(), "new");
});

test("Request.clone", async () => {
  const r = new Request("https://x/", { method: "POST", body: "q" });
  const c = r.clone();
  eq(c.method, "POST");
  eq(await c.text(), "q");
  eq(await r.text(), "q");
  throws(TypeError, () => r.clone());
});

test("toStringTag", () => {
  eq(Object.prototype.toString.call(new Response()), "[object Response]");
  eq(Object.prototype.toString.call(new Request("https://x/")), "[object Request]");
});

test("body getter returns a ReadableStream over the buffered body", async () => {
  const r = new Response("streamed");
  const s = r.body;
  ok(s instanceof ReadableStream);
  eq(r.body, s, "same stream every time");
  eq(r.bodyUsed, false);
  const reader = s.getReader();
  const chunks = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(...value);
  }
  eq(new TextDecoder().decode(new Uint8Array(chunks)), "streamed");
  eq(r.bodyUsed, true, "reading the stream disturbs the body");
  await rejects(TypeError, () => r.text());
});

test("a ReadableStream is accepted as a body and read fully", async () => {
  const stream = new ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode("a"));
      c.enqueue(new TextEncoder().encode("bc"));
      c.close();
    },
  });
  const r = new Response(stream);
  eq(r.body, stream);
  const c = r.clone();
  eq(await r.text(), "abc");
  eq(await c.text(), "abc", "clone of a stream body (tee)");
  throws(TypeError, () => new Request("https://x/", { method: "POST", body: new ReadableStream() }), "duplex required");
  const req = new Request("https://x/", { method: "POST", body: new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1])); c.close(); } }), duplex: "half" });
  deepEq([...(await req.bytes())], [1]);
  const bad = new Response(new ReadableStream({ start(c) { c.enqueue("not bytes"); c.close(); } }));
  await rejects(TypeError, () => bad.text(), "non-Uint8Array chunk");
});
