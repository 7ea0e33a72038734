test("plain values and nested objects", () => {
  const v = { a: 1, b: "s", c: [1, 2, { d: null }], e: undefined, f: true, g: -0, h: 10n };
  const c = structuredClone(v);
  ok(c !== v && c.c !== v.c);
  deepEq(c.c, v.c);
  eq(c.e, undefined);
  ok("e" in c);
  ok(Object.is(c.g, -0), "-0 preserved");
  eq(c.h, 10n);
});

test("cycles and shared references", () => {
  const a = { name: "a" };
  a.self = a;
  const shared = { x: 1 };
  a.list = [shared, shared];
  const c = structuredClone(a);
  eq(c.self, c);
  eq(c.list[0], c.list[1]);
  ok(c.list[0] !== shared);
});

test("Map, Set, Date, RegExp", () => {
  const d = new Date(1700000000000);
  const c = structuredClone({ m: new Map([[1, { k: "v" }]]), s: new Set(["a", "b"]), d, r: /ab+c/gi });
  ok(c.m instanceof Map && c.m.get(1).k === "v");
  ok(c.s instanceof Set && c.s.has("b") && c.s.size === 2);
  ok(c.d instanceof Date && c.d !== d);
  eq(c.d.getTime(), d.getTime());
  ok(c.r instanceof RegExp);
  eq(c.r.source, "ab+c");
  eq(c.r.flags, "gi");
});

test("typed arrays and ArrayBuffer", () => {
  const u8 = new Uint8Array([1, 2, 255]);
  const c = structuredClone({ u8, f64: new Float64Array([1.5]), buf: new Uint8Array([9, 8]).buffer });
  ok(c.u8 instanceof Uint8Array && c.u8 !== u8);
  deepEq([...c.u8], [1, 2, 255]);
  ok(c.f64 instanceof Float64Array);
  eq(c.f64[0], 1.5);
  ok(c.buf instanceof ArrayBuffer);
  deepEq([...new Uint8Array(c.buf)], [9, 8]);
});

test("functions and symbols throw DataCloneError", () => {
  for (const v of [() => 1, { f() {} }, [Symbol("s")]]) {
    const e = throws("DataCloneError", () => structuredClone(v));
    ok(e instanceof DOMException);
    eq(e.code, 25);
  }
  throws(TypeError, () => structuredClone(), "no argument");
});
