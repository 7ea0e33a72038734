test("btoa / atob round trip", () => {
  eq(btoa(""), "");
  eq(btoa("f"), "Zg==");
  eq(btoa("fo"), "Zm8=");
  eq(btoa("foo"), "Zm9v");
  eq(btoa("\u00ff\u00fe\u0000"), "//4A");
  eq(atob("Zm9v"), "foo");
  eq(atob("Zg"), "f", "missing padding is forgiven");
  eq(atob(" Zm 9v\n"), "foo", "ASCII whitespace is ignored");
  eq(atob("//4A"), "\u00ff\u00fe\u0000");
  let all = "";
  for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
  eq(atob(btoa(all)), all);
  eq(btoa(123), "MTIz", "argument converted to string");
});

test("atob rejects invalid input with InvalidCharacterError", () => {
  for (const bad of ["a", "Zm9v=", "Zm===", "Z=m9", "Zm9v*", "\u00ffab", "====", "ab=c"]) {
    const e = throws("InvalidCharacterError", () => atob(bad), JSON.stringify(bad));
    ok(e instanceof DOMException, "is a DOMException");
    eq(e.code, 5, "code");
  }
  throws(TypeError, () => atob(), "no argument");
});

test("btoa rejects non-Latin1 with InvalidCharacterError", () => {
  const e = throws("InvalidCharacterError", () => btoa("\u0100"));
  ok(e instanceof DOMException && e instanceof Error);
  throws("InvalidCharacterError", () => btoa("a\u{1F600}"));
  throws(TypeError, () => btoa(), "no argument");
});

test("DOMException has name, message, code", () => {
  const e = new DOMException("boom", "NotFoundError");
  eq(e.name, "NotFoundError");
  eq(e.message, "boom");
  eq(e.code, 8);
  eq(new DOMException().name, "Error");
  eq(new DOMException("x", "Custom").code, 0);
  eq(DOMException.DATA_CLONE_ERR, 25);
  eq(Object.prototype.toString.call(e), "[object DOMException]");
  ok(e instanceof Error);
});
