test("AbortController: abort with and without reason, abort event once, onabort", () => {
  const ac = new AbortController();
  const s = ac.signal;
  eq(s, ac.signal, "[SameObject]");
  eq(s.aborted, false);
  eq(s.reason, undefined);
  s.throwIfAborted();
  const order = [];
  s.addEventListener("abort", (e) => order.push(["listener", e.isTrusted, s.aborted, e.target === s]));
  s.onabort = (e) => order.push(["onabort", e.type]);
  ac.abort();
  ac.abort("again"); // no second event, reason kept
  deepEq(order, [["listener", true, true, true], ["onabort", "abort"]]);
  eq(s.reason.name, "AbortError");
  ok(s.reason instanceof DOMException);
  const thrown = throws("AbortError", () => s.throwIfAborted());
  eq(thrown, s.reason, "throwIfAborted throws the reason itself");
  const ac2 = new AbortController();
  const reason = { why: "custom" };
  ac2.abort(reason);
  eq(ac2.signal.reason, reason);
  throws(TypeError, () => new AbortSignal(), "AbortSignal is not constructible");
});

test("onabort: null removes the handler; replacing keeps its position", () => {
  const ac = new AbortController();
  const order = [];
  ac.signal.onabort = () => order.push("first handler");
  ac.signal.addEventListener("abort", () => order.push("listener"));
  ac.signal.onabort = () => order.push("second handler");
  const ac2 = new AbortController();
  ac2.signal.onabort = () => order.push("removed");
  ac2.signal.onabort = null;
  eq(ac2.signal.onabort, null);
  ac.abort();
  ac2.abort();
  deepEq(order, ["second handler", "listener"]);
});

test("AbortSignal.abort(reason)", () => {
  const s = AbortSignal.abort();
  eq(s.aborted, true);
  eq(s.reason.name, "AbortError");
  eq(AbortSignal.abort(42).reason, 42);
});

test("AbortSignal.timeout fires a TimeoutError after the delay", async () => {
  const start = Date.now();
  const s = AbortSignal.timeout(20);
  eq(s.aborted, false);
  const event = await new Promise((resolve) => s.addEventListener("abort", resolve));
  ok(Date.now() - start >= 15, "waited for the timeout");
  eq(s.aborted, true);
  eq(s.reason.name, "TimeoutError");
  eq(s.reason.code, 23);
  eq(event.type, "abort");
  throws(TypeError, () => AbortSignal.timeout(-1));
  throws(TypeError, () => AbortSignal.timeout(Infinity));
});

test("AbortSignal.any follows the first source to abort, with its reason", () => {
  const a = new AbortController(), b = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal]);
  eq(any.aborted, false);
  const order = [];
  a.signal.addEventListener("abort", () => order.push("a"));
  any.addEventListener("abort", () => order.push(["any", any.reason]));
  b.abort("b's reason");
  a.abort("a's reason");
  deepEq(order, [["any", "b's reason"], "a"]);
  eq(any.reason, "b's reason");
  // already aborted input: the result is aborted at once
  const pre = AbortSignal.any([new AbortController().signal, AbortSignal.abort("early")]);
  eq(pre.aborted, true);
  eq(pre.reason, "early");
  // a dependent of a dependent follows the original sources
  const c = new AbortController();
  const inner = AbortSignal.any([c.signal]);
  const outer = AbortSignal.any([inner]);
  c.abort("deep");
  eq(inner.reason, "deep");
  eq(outer.reason, "deep");
  deepEq(AbortSignal.any([]).aborted, false);
  throws(TypeError, () => AbortSignal.any([{}]));
});

test("Request.signal: follows init.signal; new Request(request) and clone follow too", () => {
  const ac = new AbortController();
  const r = new Request("https://x/", { signal: ac.signal });
  ok(r.signal instanceof AbortSignal);
  ok(r.signal !== ac.signal, "the request has its own (dependent) signal");
  eq(r.signal, r.signal, "[SameObject]");
  const copy = new Request(r);
  const cloned = r.clone();
  const unread = new Request("https://x/", { signal: ac.signal });
  const copyOfUnread = new Request(unread); // source signal never materialized on `unread`
  const detached = new Request(r, { signal: null });
  ac.abort("stop");
  eq(r.signal.aborted, true);
  eq(r.signal.reason, "stop");
  eq(copy.signal.reason, "stop");
  eq(cloned.signal.reason, "stop");
  eq(copyOfUnread.signal.reason, "stop");
  eq(detached.signal.aborted, false, "init.signal null: not following");
  eq(new Request("https://x/").signal.aborted, false);
  throws(TypeError, () => new Request("https://x/", { signal: {} }));
  const r2 = new Request("https://x/", { signal: AbortSignal.abort("pre") });
  eq(r2.signal.reason, "pre");
});

test("requests from the host get a lazily created never-aborting signal", () => {
  const r = __w7s_web.requestFromHost("GET", "https://x/", [], null);
  const s = r.signal;
  ok(s instanceof AbortSignal);
  eq(s.aborted, false);
  eq(r.signal, s);
});
