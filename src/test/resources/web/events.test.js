// Resolves after the tasks already queued (and those they queue) have run: an unwanted extra event
// would have been dispatched by then. Task order, not time.
function afterLaterTasks() {
  return new Promise((resolve) => setTimeout(() => setTimeout(resolve, 0), 0));
}

test("Event: constructor, init flags, preventDefault only when cancelable", () => {
  const e = new Event("ping");
  eq(e.type, "ping");
  eq(e.bubbles, false);
  eq(e.cancelable, false);
  eq(e.eventPhase, Event.NONE);
  eq(e.isTrusted, false);
  eq(e.target, null);
  e.preventDefault();
  eq(e.defaultPrevented, false, "not cancelable: preventDefault ignored");
  const c = new Event("x", { cancelable: true, bubbles: true });
  eq(c.bubbles, true);
  c.preventDefault();
  eq(c.defaultPrevented, true);
  eq(c.returnValue, false);
  throws(TypeError, () => new Event(), "type required");
  eq(Object.prototype.toString.call(e), "[object Event]");
});

test("EventTarget: listeners run in registration order, duplicates ignored, this and target", () => {
  const t = new EventTarget();
  const order = [];
  const a = function (e) { order.push(["a", this === t, e.target === t, e.currentTarget === t, e.eventPhase]); };
  const b = () => order.push(["b"]);
  t.addEventListener("x", a);
  t.addEventListener("x", b);
  t.addEventListener("x", a); // duplicate: ignored
  t.addEventListener("y", () => order.push(["y"]));
  const e = new Event("x");
  eq(t.dispatchEvent(e), true);
  deepEq(order, [["a", true, true, true, Event.AT_TARGET], ["b"]]);
  eq(e.eventPhase, Event.NONE, "phase reset after dispatch");
  eq(e.currentTarget, null, "currentTarget reset after dispatch");
  eq(e.target, t, "target kept after dispatch");
  t.removeEventListener("x", a);
  order.length = 0;
  t.dispatchEvent(new Event("x"));
  deepEq(order, [["b"]]);
});

test("EventTarget: capture listeners first; removal is per capture flag", () => {
  const t = new EventTarget();
  const order = [];
  const f = () => order.push("plain");
  t.addEventListener("x", f);
  t.addEventListener("x", () => order.push("capture"), { capture: true });
  t.addEventListener("x", f, true); // same callback, other capture flag: a second listener
  t.dispatchEvent(new Event("x"));
  deepEq(order, ["capture", "plain", "plain"]);
  t.removeEventListener("x", f, { capture: true });
  order.length = 0;
  t.dispatchEvent(new Event("x"));
  deepEq(order, ["capture", "plain"]);
});

test("EventTarget: once, signal removal, listeners added during dispatch do not run", () => {
  const t = new EventTarget();
  const order = [];
  t.addEventListener("x", () => order.push("once"), { once: true });
  const ac = new AbortController();
  t.addEventListener("x", () => order.push("signal"), { signal: ac.signal });
  t.addEventListener("x", () => {
    order.push("adder");
    t.addEventListener("x", () => order.push("late"));
  }, { once: true });
  t.dispatchEvent(new Event("x"));
  deepEq(order, ["once", "signal", "adder"]);
  order.length = 0;
  ac.abort();
  t.dispatchEvent(new Event("x"));
  deepEq(order, ["late"], "once listeners gone, signal listener removed");
  // an already aborted signal: not added at all
  t.addEventListener("z", () => order.push("never"), { signal: AbortSignal.abort() });
  t.dispatchEvent(new Event("z"));
  deepEq(order, ["late"]);
  throws(TypeError, () => t.addEventListener("x", () => {}, { signal: {} }), "signal must be an AbortSignal");
});

test("EventTarget: removing a later listener during dispatch stops it from running", () => {
  const t = new EventTarget();
  const order = [];
  const second = () => order.push("second");
  t.addEventListener("x", () => { order.push("first"); t.removeEventListener("x", second); });
  t.addEventListener("x", second);
  t.dispatchEvent(new Event("x"));
  deepEq(order, ["first"]);
});

test("EventTarget: stopImmediatePropagation, handleEvent objects, passive", () => {
  const t = new EventTarget();
  const order = [];
  const obj = { handleEvent(e) { order.push(this === obj ? "object" : "wrong this"); } };
  t.addEventListener("x", obj);
  t.addEventListener("x", (e) => { order.push("stopper"); e.stopImmediatePropagation(); });
  t.addEventListener("x", () => order.push("never"));
  t.dispatchEvent(new Event("x"));
  deepEq(order, ["object", "stopper"]);
  const p = new EventTarget();
  p.addEventListener("c", (e) => e.preventDefault(), { passive: true });
  const ev = new Event("c", { cancelable: true });
  eq(p.dispatchEvent(ev), true, "passive listener cannot cancel");
  eq(ev.defaultPrevented, false);
  p.addEventListener("c", (e) => e.preventDefault());
  eq(p.dispatchEvent(new Event("c", { cancelable: true })), false, "dispatchEvent returns false when canceled");
});

test("EventTarget: a throwing listener is reported as an error event, later listeners still run", () => {
  const t = new EventTarget();
  const order = [];
  const boom = new Error("listener boom");
  const onError = (e) => { order.push(["error", e instanceof ErrorEvent, e.error === boom, e.message]); e.preventDefault(); };
  addEventListener("error", onError);
  try {
    t.addEventListener("x", () => { throw boom; });
    t.addEventListener("x", () => order.push("after"));
    t.dispatchEvent(new Event("x"));
  } finally {
    removeEventListener("error", onError);
  }
  deepEq(order, [["error", true, true, "listener boom"], "after"]);
});

test("dispatchEvent: re-dispatching an event in flight is an InvalidStateError; isTrusted false", () => {
  const t = new EventTarget();
  let inner = null;
  t.addEventListener("x", (e) => {
    try { t.dispatchEvent(e); } catch (err) { inner = err; }
  });
  const e = new Event("x");
  t.dispatchEvent(e);
  eq(inner && inner.name, "InvalidStateError");
  eq(e.isTrusted, false);
  throws(TypeError, () => t.dispatchEvent({ type: "x" }), "not an Event");
});

test("CustomEvent detail, ErrorEvent and PromiseRejectionEvent fields", () => {
  eq(new CustomEvent("c", { detail: { a: 1 } }).detail.a, 1);
  eq(new CustomEvent("c").detail, null);
  ok(new CustomEvent("c") instanceof Event);
  const err = new Error("x");
  const ee = new ErrorEvent("error", { message: "m", filename: "f.js", lineno: 3, colno: 4, error: err });
  deepEq([ee.message, ee.filename, ee.lineno, ee.colno, ee.error === err], ["m", "f.js", 3, 4, true]);
  const p = Promise.resolve();
  const pe = new PromiseRejectionEvent("unhandledrejection", { promise: p, reason: 7, cancelable: true });
  eq(pe.promise, p);
  eq(pe.reason, 7);
  throws(TypeError, () => new PromiseRejectionEvent("unhandledrejection", {}), "promise required");
});

test("globalThis is an EventTarget: addEventListener/dispatchEvent on the global", () => {
  const seen = [];
  const f = (e) => seen.push([e.type, e.target === globalThis, e.detail]);
  globalThis.addEventListener("custom", f);
  eq(globalThis.dispatchEvent(new CustomEvent("custom", { detail: 1 })), true);
  EventTarget.prototype.dispatchEvent.call(globalThis, new CustomEvent("custom", { detail: 2 }));
  globalThis.removeEventListener("custom", f);
  globalThis.dispatchEvent(new CustomEvent("custom", { detail: 3 }));
  deepEq(seen, [["custom", true, 1], ["custom", true, 2]]);
  throws(TypeError, () => EventTarget.prototype.addEventListener.call({}, "x", f), "brand check");
});

test("reportError dispatches a trusted, cancelable ErrorEvent at the global", () => {
  const seen = [];
  const f = (e) => { seen.push([e.isTrusted, e.cancelable, e.error.message, e.message]); e.preventDefault(); };
  addEventListener("error", f);
  try {
    reportError(new TypeError("reported"));
  } finally {
    removeEventListener("error", f);
  }
  deepEq(seen, [[true, true, "reported", "reported"]]);
});

test("unhandledrejection: a PromiseRejectionEvent at the global with promise and reason", async () => {
  const seen = [];
  let rejected;
  let dispatched;
  const event = new Promise((resolve) => { dispatched = resolve; });
  const f = (e) => {
    seen.push([e instanceof PromiseRejectionEvent, e.reason, e.promise === rejected, e.cancelable]);
    e.preventDefault();
    dispatched();
  };
  addEventListener("unhandledrejection", f);
  try {
    rejected = Promise.reject("nobody handles this");
    await event; // the event itself, not a guess at when it comes
    await afterLaterTasks(); // a second event would have come by now
  } finally {
    removeEventListener("unhandledrejection", f);
  }
  deepEq(seen, [[true, "nobody handles this", true, true]]);
});

test("navigator.userAgent", () => {
  eq(navigator.userAgent, "W7S");
});

test("exceptions from queueMicrotask and timer callbacks are dispatched as error events", async () => {
  const seen = [];
  let bothSeen;
  const both = new Promise((resolve) => { bothSeen = resolve; });
  const f = (e) => { seen.push(e.error.message); e.preventDefault(); if (seen.length === 2) bothSeen(); };
  addEventListener("error", f);
  try {
    queueMicrotask(() => { throw new Error("from microtask"); });
    setTimeout(() => { throw new Error("from timer"); }, 0);
    await both; // the events themselves, not a guess at when they come
    await afterLaterTasks(); // a third event would have come by now
  } finally {
    removeEventListener("error", f);
  }
  deepEq(seen, ["from microtask", "from timer"]);
});

test("an error listener that throws is not re-dispatched (no recursion)", () => {
  let calls = 0;
  const f = () => { calls++; throw new Error("error listener fails"); };
  addEventListener("error", f);
  try {
    reportError(new Error("first"));
  } finally {
    removeEventListener("error", f);
  }
  eq(calls, 1);
});
