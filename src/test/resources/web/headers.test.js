test("names are case-insensitive; get combines with ', '", () => {
  const h = new Headers();
  h.append("X-Foo", "a");
  h.append("x-foo", "b");
  eq(h.get("X-FOO"), "a, b");
  eq(h.has("x-FoO"), true);
  eq(h.get("missing"), null);
});

test("iteration is sorted by lower-case name and combined, set-cookie separate", () => {
  const h = new Headers([["B", "1"], ["a", "2"], ["Set-Cookie", "s=1"], ["b", "3"], ["set-cookie", "t=2"], ["C", "4"]]);
  deepEq([...h], [["a", "2"], ["b", "1, 3"], ["c", "4"], ["set-cookie", "s=1"], ["set-cookie", "t=2"]]);
  deepEq([...h.keys()], ["a", "b", "c", "set-cookie", "set-cookie"]);
  deepEq([...h.values()], ["2", "1, 3", "4", "s=1", "t=2"]);
  deepEq([...h.entries()], [...h]);
  eq(h.get("set-cookie"), "s=1, t=2");
  deepEq(h.getSetCookie(), ["s=1", "t=2"]);
  deepEq(new Headers().getSetCookie(), []);
});

test("forEach passes (value, name, headers)", () => {
  const h = new Headers({ b: "2", A: "1" });
  const seen = [];
  h.forEach(function (v, k, o) { seen.push([k, v, o === h, this.x]); }, { x: 7 });
  deepEq(seen, [["a", "1", true, 7], ["b", "2", true, 7]]);
});

test("iteration is live: deleting during iteration", () => {
  const h = new Headers({ a: "1", b: "2", c: "3" });
  const seen = [];
  for (const [k] of h) {
    seen.push(k);
    if (k === "a") h.delete("b");
  }
  deepEq(seen, ["a", "c"]);
});

test("set replaces all values, delete removes all", () => {
  const h = new Headers([["a", "1"], ["b", "x"], ["a", "2"]]);
  h.set("A", "3");
  deepEq([...h], [["a", "3"], ["b", "x"]]);
  h.delete("B");
  deepEq([...h], [["a", "3"]]);
});

test("values are normalized (leading/trailing HTTP whitespace stripped)", () => {
  const h = new Headers();
  h.append("a", " \t x y \r\n");
  eq(h.get("a"), "x y");
  h.set("b", "\n\n");
  eq(h.get("b"), "");
  eq(new Headers({ c: "  z " }).get("c"), "z");
});

test("invalid names and values throw TypeError", () => {
  const h = new Headers();
  throws(TypeError, () => h.append("bad name", "v"), "space in name");
  throws(TypeError, () => h.append("", "v"), "empty name");
  throws(TypeError, () => h.append("a:b", "v"), "colon in name");
  throws(TypeError, () => h.append("é", "v"), "non-token name");
  throws(TypeError, () => h.append("a", "x\ny"), "LF in value");
  throws(TypeError, () => h.append("a", "x\ry"), "CR in value");
  throws(TypeError, () => h.append("a", "x\0y"), "NUL in value");
  throws(TypeError, () => h.append("a", "\u0100"), "non-ByteString value");
  throws(TypeError, () => h.get("bad name"), "get with invalid name");
  throws(TypeError, () => h.set("a"), "missing argument");
  throws(TypeError, () => new Headers([["a"]]), "pair of one");
  throws(TypeError, () => new Headers([["a", "b", "c"]]), "pair of three");
  throws(TypeError, () => new Headers(5), "number init");
  throws(TypeError, () => Headers(), "call without new");
  h.append("a", "caf\u00e9"); // Latin-1 bytes are allowed
  eq(h.get("a"), "caf\u00e9");
});

test("init from record, sequence and Headers", () => {
  const a = new Headers({ "Content-Type": "text/plain", "X-A": 1 });
  eq(a.get("content-type"), "text/plain");
  eq(a.get("x-a"), "1");
  const b = new Headers(a);
  b.append("x-b", "2");
  eq(a.has("x-b"), false, "copy is independent");
  const c = new Headers(new Map([["m", "1"]]));
  eq(c.get("m"), "1");
  const s = new Headers([["set-cookie", "a=1"], ["set-cookie", "b=2"]]);
  deepEq(new Headers(s).getSetCookie(), ["a=1", "b=2"]);
});

test("immutable headers (Response.error, Response.redirect) reject changes", () => {
  for (const r of [Response.error(), Response.redirect("https://example.com/")]) {
    throws(TypeError, () => r.headers.append("a", "b"), "append");
    throws(TypeError, () => r.headers.set("a", "b"), "set");
    throws(TypeError, () => r.headers.delete("location"), "delete");
  }
  eq(Response.redirect("https://example.com/x").headers.get("location"), "https://example.com/x");
});

test("toStringTag and iterator prototype", () => {
  const h = new Headers();
  eq(Object.prototype.toString.call(h), "[object Headers]");
  const it = h[Symbol.iterator]();
  eq(Object.prototype.toString.call(it), "[object Headers Iterator]");
  eq(typeof it[Symbol.iterator], "function");
  eq(it[Symbol.iterator](), it);
  eq(Headers.prototype[Symbol.iterator], Headers.prototype.entries);
});
