// URL / URLSearchParams API behaviour beyond the WPT data files (which only test parsing/setters).
test("URL basics: attributes, toJSON, toString, toStringTag, statics", () => {
  const u = new URL("https://w7s.internal:8443/a/b?x=1#f");
  eq(u.href, "https://w7s.internal:8443/a/b?x=1#f");
  eq(u.origin, "https://w7s.internal:8443");
  eq(u.host, "w7s.internal:8443");
  eq(u.port, "8443");
  eq(u.pathname, "/a/b");
  eq(JSON.stringify({ u }), '{"u":"https://w7s.internal:8443/a/b?x=1#f"}');
  eq(String(u), u.href);
  eq(Object.prototype.toString.call(u), "[object URL]");
  eq(URL.name, "URL");
  eq(URLSearchParams.name, "URLSearchParams");
  eq(Object.prototype.toString.call(new URLSearchParams()), "[object URLSearchParams]");
  ok(URL.canParse("https://x/") && !URL.canParse("nope") && URL.canParse("/p", "https://x/"));
  eq(URL.parse("nope"), null);
  eq(URL.parse("/p", "https://x/").href, "https://x/p");
  ok(URL.parse("https://x/") instanceof URL);
  throws(TypeError, () => new URL("/relative"), "relative without base");
  throws(TypeError, () => new URL("/x", "bad base"), "bad base");
  throws(TypeError, () => new URL(), "no argument");
  throws(TypeError, () => URL.prototype.href, "brand check");
  ok(Object.getOwnPropertyDescriptor(URL.prototype, "href").enumerable, "attributes are enumerable");
});

test("URL: non-canonical input goes through the full parser", () => {
  eq(new URL("HTTPS://EXAMPLE.com:443/a/./b/../c?q=\u00e9#\u00e9").href, "https://example.com/a/c?q=%C3%A9#%C3%A9");
  eq(new URL("http://1.2.3.4:80/").href, "http://1.2.3.4/");
  eq(new URL("https://xn--nxasmq6b.com/").hostname, "xn--nxasmq6b.com");
  eq(new URL("https://\u00fcber.example/").hostname, "xn--ber-goa.example");
  eq(new URL("https://h/%2e/x").pathname, "/x");
  eq(new URL("https://h/a\\b").pathname, "/a/b");
});

test("URL setters and the cached href", () => {
  const u = new URL("https://w7s.internal/a?x=1");
  eq(u.href, "https://w7s.internal/a?x=1");
  u.pathname = "/b c";
  eq(u.href, "https://w7s.internal/b%20c?x=1");
  u.port = "8080";
  u.hash = "h";
  u.username = "me";
  eq(u.href, "https://me@w7s.internal:8080/b%20c?x=1#h");
  u.href = "http://other/";
  eq(u.host, "other");
  throws(TypeError, () => { u.href = "nope"; });
});

test("searchParams is live-linked to the URL's query", () => {
  const u = new URL("https://x/p?a=1&b=2");
  const sp = u.searchParams;
  ok(sp === u.searchParams, "[SameObject]");
  eq(sp.get("b"), "2");
  sp.append("c", "x y");
  eq(u.search, "?a=1&b=2&c=x+y");
  sp.delete("a");
  eq(u.href, "https://x/p?b=2&c=x+y");
  u.search = "?z=9";
  deepEq([...sp], [["z", "9"]]);
  u.href = "https://x/";
  eq(sp.size, 0);
  sp.set("k", "v");
  eq(u.href, "https://x/?k=v");
  sp.delete("k");
  eq(u.href, "https://x/", "empty list removes the query");
});

test("URLSearchParams constructor forms and methods", () => {
  deepEq([...new URLSearchParams("?a=1&a=2&b")], [["a", "1"], ["a", "2"], ["b", ""]]);
  deepEq([...new URLSearchParams([["a", 1], ["b", 2]])], [["a", "1"], ["b", "2"]]);
  deepEq([...new URLSearchParams({ a: "1", b: 2 })], [["a", "1"], ["b", "2"]]);
  deepEq([...new URLSearchParams(new Map([["m", "1"]]))], [["m", "1"]]);
  deepEq([...new URLSearchParams(new URLSearchParams("q=1"))], [["q", "1"]]);
  throws(TypeError, () => new URLSearchParams([["a"]]), "pair of one");
  throws(TypeError, () => new URLSearchParams([1]), "non-iterable element");
  eq(new URLSearchParams("a=%20%zz&b=+c").toString(), "a=+%25zz&b=+c");
  const p = new URLSearchParams("b=2&a=1&b=3");
  eq(p.size, 3);
  deepEq(p.getAll("b"), ["2", "3"]);
  ok(p.has("b", "3") && !p.has("b", "4") && p.has("a"));
  p.delete("b", "2");
  deepEq([...p.keys()], ["a", "b"]);
  p.append("a", "0");
  p.sort();
  eq(p.toString(), "a=1&a=0&b=3");
  p.set("a", "x");
  eq(p.toString(), "a=x&b=3");
  eq(p.get("nope"), null);
  deepEq([...p.values()], ["x", "3"]);
  deepEq([...p.entries()], [["a", "x"], ["b", "3"]]);
  const seen = [];
  p.forEach(function (v, k, o) { seen.push([k, v, o === p, this.t]); }, { t: 1 });
  deepEq(seen, [["a", "x", true, 1], ["b", "3", true, 1]]);
  eq(new URLSearchParams({ "\u00e9 &=": "\ud800" }).toString(), "%C3%A9+%26%3D=%EF%BF%BD");
  throws(TypeError, () => p.append("x"), "append needs 2 arguments");
});

test("URLSearchParams iterator", () => {
  const p = new URLSearchParams("a=1");
  const it = p[Symbol.iterator]();
  eq(Object.prototype.toString.call(it), "[object URLSearchParams Iterator]");
  ok(URLSearchParams.prototype[Symbol.iterator] === URLSearchParams.prototype.entries);
  ok(typeof it[Symbol.iterator] === "function" && it[Symbol.iterator]() === it, "iterable iterator");
  deepEq(it.next(), { value: ["a", "1"], done: false });
  p.append("b", "2"); // live
  deepEq(it.next(), { value: ["b", "2"], done: false });
  deepEq(it.next(), { value: undefined, done: true });
});

test("Request with a URLSearchParams body", async () => {
  const r = new Request("https://x/", { method: "POST", body: new URLSearchParams({ a: "1 2" }) });
  eq(r.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  eq(await r.text(), "a=1+2");
});

test("URLPattern uses the runtime's URL even when the global URL is replaced", () => {
  const saved = globalThis.URL;
  try {
    globalThis.URL = function NotURL() { throw new Error("global URL used"); };
    const p = new URLPattern({ pathname: "/books/:id", hostname: "*.example.com" });
    eq(p.test("https://shop.example.com/books/12"), true);
    eq(p.exec("https://shop.example.com/books/12").pathname.groups.id, "12");
    eq(new URLPattern("https://x.test/a/:b").exec("https://x.test/a/%7Bq").pathname.groups.b, "%7Bq");
  } finally {
    globalThis.URL = saved;
  }
});
