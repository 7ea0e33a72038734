// Minimal test harness for JS behaviour tests run inside a WebContext: test(name, fn) registers,
// __runTests() runs them in order and resolves to [[name, failureOrNull], ...].
(() => {
  const tests = [];
  const show = (v) => {
    try {
      return typeof v === "string" ? JSON.stringify(v) : v instanceof Uint8Array ? `Uint8Array[${v}]` : JSON.stringify(v) ?? String(v);
    } catch {
      return String(v);
    }
  };
  const fail = (msg) => { throw new Error(msg); };
  globalThis.test = (name, fn) => tests.push([name, fn]);
  globalThis.eq = (actual, expected, what = "value") => {
    if (!Object.is(actual, expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  };
  globalThis.deepEq = (actual, expected, what = "value") => {
    if (show(actual) !== show(expected)) fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  };
  globalThis.ok = (cond, what = "condition") => { if (!cond) fail(`${what}: expected true`); };
  const checkError = (e, type, what) => {
    if (typeof type === "string") {
      if (!e || e.name !== type) fail(`${what}: expected ${type}, got ${e && e.name}: ${e && e.message}`);
    } else if (!(e instanceof type)) {
      fail(`${what}: expected ${type.name}, got ${e && e.name}: ${e && e.message}`);
    }
    return e;
  };
  globalThis.throws = (type, fn, what = "call") => {
    try { fn(); } catch (e) { return checkError(e, type, what); }
    fail(`${what}: expected ${typeof type === "string" ? type : type.name} to be thrown`);
  };
  globalThis.rejects = async (type, promiseOrFn, what = "promise") => {
    try { await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn); } catch (e) { return checkError(e, type, what); }
    fail(`${what}: expected rejection with ${typeof type === "string" ? type : type.name}`);
  };
  globalThis.__runTests = async () => {
    const results = [];
    for (const [name, fn] of tests) {
      try {
        await fn();
        results.push([name, null]);
      } catch (e) {
        results.push([name, e && e.stack ? `${e}\n${e.stack}` : String(e)]);
      }
    }
    tests.length = 0;
    return results;
  };
})();
