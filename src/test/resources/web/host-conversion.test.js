const { requestFromHost, responseToHost } = globalThis.__w7s_web;
const enc = (s) => new TextEncoder().encode(s);

test("requestFromHost builds a Request without parsing the URL", async () => {
  const body = new Uint8Array([0, 1, 2, 250, 255]);
  const r = requestFromHost("POST", "https://app.example/p?q=1", ["content-type", "application/octet-stream", "x-a", "1", "x-a", "2"], body);
  ok(r instanceof Request);
  eq(r.method, "POST");
  eq(r.url, "https://app.example/p?q=1");
  eq(r.headers.get("x-a"), "1, 2");
  eq(r.headers.get("Content-Type"), "application/octet-stream");
  deepEq([...(await r.bytes())], [0, 1, 2, 250, 255]);
  eq(r.bodyUsed, true);
  const g = requestFromHost("GET", "https://app.example/", [], null);
  eq(g.body, null);
  eq(await g.text(), "");
});

test("request headers from the host are immutable; a copy is mutable", () => {
  const r = requestFromHost("GET", "https://app.example/", ["a", "1"], null);
  throws(TypeError, () => r.headers.set("a", "2"));
  const copy = new Request(r);
  copy.headers.set("a", "2");
  eq(copy.headers.get("a"), "2");
  eq(r.headers.get("a"), "1");
  const h = new Headers(r.headers);
  h.append("b", "3");
  eq(h.get("b"), "3");
});

test("responseToHost: hello world", async () => {
  const out = await responseToHost(new Response("hi"));
  eq(out.status, 200);
  eq(out.statusText, "");
  deepEq(out.headers, ["content-type", "text/plain;charset=UTF-8"]);
  ok(out.body instanceof Uint8Array);
  deepEq([...out.body], [104, 105]);
});

test("responseToHost: binary body, multiple set-cookie, status text", async () => {
  const bytes = new Uint8Array(256).map((_, i) => i);
  const h = new Headers();
  h.append("Set-Cookie", "a=1; Path=/");
  h.append("set-cookie", "b=2, c=3");
  h.append("X-Multi", "x");
  h.append("x-multi", "y");
  const out = await responseToHost(new Response(bytes, { status: 201, statusText: "Made", headers: h }));
  eq(out.status, 201);
  eq(out.statusText, "Made");
  deepEq(out.headers, ["set-cookie", "a=1; Path=/", "set-cookie", "b=2, c=3", "x-multi", "x", "x-multi", "y"]);
  eq(out.body.length, 256);
  for (let i = 0; i < 256; i++) if (out.body[i] !== i) throw new Error(`byte ${i}`);
});

test("responseToHost: null body, JSON, redirect, error, stream body", async () => {
  const n = await responseToHost(new Response(null, { status: 204 }));
  eq(n.status, 204);
  eq(n.body, null);
  const j = await responseToHost(Response.json({ ok: true }));
  eq(new TextDecoder().decode(j.body), '{"ok":true}');
  deepEq(j.headers, ["content-type", "application/json"]);
  const r = await responseToHost(Response.redirect("https://example.com/next", 307));
  eq(r.status, 307);
  deepEq(r.headers, ["location", "https://example.com/next"]);
  eq((await responseToHost(Response.error())).status, 0);
  const s = new ReadableStream({ start(c) { c.enqueue(enc("str")); c.enqueue(enc("eam")); c.close(); } });
  const streamed = responseToHost(new Response(s)); // handed over unread: the host streams it
  eq(streamed.body, null);
  eq(streamed.stream, s);
  const reader = streamed.stream.getReader();
  let text = "";
  for (let c = await reader.read(); !c.done; c = await reader.read()) text += new TextDecoder().decode(c.value);
  eq(text, "stream");
});

test("responseToHost rejects non-Responses and used bodies", async () => {
  await rejects(TypeError, () => responseToHost({ status: 200 }), "plain object");
  await rejects(TypeError, () => responseToHost(null), "null");
  await rejects(TypeError, () => responseToHost(new Request("https://x/")), "a Request");
  const used = new Response("x");
  await used.text();
  await rejects(TypeError, () => responseToHost(used), "used body");
});

test("round trip: request body echoed into the response", async () => {
  const payload = new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00]);
  const req = requestFromHost("PUT", "https://app.example/echo", ["content-type", "application/octet-stream"], payload);
  const res = new Response(await req.arrayBuffer(), { headers: { "content-type": req.headers.get("content-type") } });
  const out = await responseToHost(res);
  deepEq([...out.body], [0xde, 0xad, 0xbe, 0xef, 0x00]);
  deepEq(out.headers, ["content-type", "application/octet-stream"]);
  const text = await responseToHost(new Response(await requestFromHost("POST", "https://a/", [], enc("h\u00e9llo \u{1F600}")).text()));
  eq(new TextDecoder().decode(text.body), "h\u00e9llo \u{1F600}");
});
