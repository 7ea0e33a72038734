// WebAssembly (GraalWasm through GraalJS's js.webassembly).
// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const ADD = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, // type section: (i32, i32) -> i32
  0x03, 0x02, 0x01, 0x00, // function section: func 0 has type 0
  0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, // export section: "add" = func 0
  0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, // code: local.get 0, local.get 1, i32.add, end
]);
// (module (import "env" "log" (func $log (param i32))) (func (export "run") (param i32) local.get 0 i32.const 2 i32.mul call $log))
const IMPORTS = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00, // type 0: (i32) -> ()
  0x02, 0x0b, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x03, 0x6c, 0x6f, 0x67, 0x00, 0x00, // import env.log: func type 0
  0x03, 0x02, 0x01, 0x00, // func 1: type 0
  0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, // export "run" = func 1
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x41, 0x02, 0x6c, 0x10, 0x00, 0x0b, // local.get 0, i32.const 2, i32.mul, call 0, end
]);

test("WebAssembly global exists; the polyglot API does not", () => {
  eq(typeof Polyglot, "undefined", "Polyglot builtin (js.polyglot-builtin=false)");
  eq(typeof Java, "undefined", "Java builtin");
  eq(typeof WebAssembly, "object");
  for (const f of ["validate", "compile", "instantiate"]) eq(typeof WebAssembly[f], "function", f);
  for (const f of ["compileStreaming", "instantiateStreaming"]) eq(typeof WebAssembly[f], "undefined", f + " (not provided)");
  for (const f of ["exports", "imports", "customSections"]) eq(typeof WebAssembly.Module[f], "function", "Module." + f);
  for (const c of ["Module", "Instance", "Memory", "Table", "Global", "CompileError", "LinkError", "RuntimeError"]) {
    eq(typeof WebAssembly[c], "function", c);
  }
});

test("validate", () => {
  eq(WebAssembly.validate(ADD), true);
  eq(WebAssembly.validate(ADD.buffer), true, "ArrayBuffer");
  eq(WebAssembly.validate(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00])), false, "bad version");
  eq(WebAssembly.validate(ADD.slice(0, ADD.length - 1)), false, "truncated");
  throws(TypeError, () => WebAssembly.validate("not bytes"));
});

test("instantiate bytes and call an export", async () => {
  const { module, instance } = await WebAssembly.instantiate(ADD);
  ok(module instanceof WebAssembly.Module, "module");
  eq(instance.exports.add(2, 40), 42);
  eq(instance.exports.add(0x7fffffff, 1), -0x80000000, "i32 wraps");
  deepEq(WebAssembly.Module.exports(module), [{ name: "add", kind: "function" }]);
});

test("synchronous Module/Instance and JS imports", () => {
  const seen = [];
  const instance = new WebAssembly.Instance(new WebAssembly.Module(IMPORTS), { env: { log: (x) => seen.push(x) } });
  instance.exports.run(21);
  deepEq(seen, [42]);
  deepEq(WebAssembly.Module.imports(new WebAssembly.Module(IMPORTS)), [{ module: "env", name: "log", kind: "function" }]);
  throws(WebAssembly.LinkError, () => new WebAssembly.Instance(new WebAssembly.Module(IMPORTS), { env: { log: 1 } }));
});

test("compile errors and Memory", async () => {
  await rejects(WebAssembly.CompileError, WebAssembly.compile(new Uint8Array([1, 2, 3, 4])));
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
  eq(memory.buffer.byteLength, 65536);
  eq(memory.grow(1), 1);
  eq(memory.buffer.byteLength, 131072);
});

test("Table and Global", () => {
  const g = new WebAssembly.Global({ value: "i32", mutable: true }, 7);
  g.value = 8;
  eq(g.value, 8);
  const t = new WebAssembly.Table({ element: "anyfunc", initial: 2 });
  eq(t.length, 2);
  eq(t.get(0), null);
});

test("a trap is a RuntimeError", () => {
  // (module (func (export "boom") unreachable))
  const m = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 98, 111, 111, 109, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(m));
  throws(WebAssembly.RuntimeError, () => instance.exports.boom());
});
