// AbortController and AbortSignal (DOM Standard §3.1–3.2), including AbortSignal.any's dependent
// signals (held weakly by their sources, as the standard asks, so a long-lived signal does not
// keep every signal ever derived from it alive).
import { DOMException } from "./dom-exception.js";
import { Event, EventTarget, fireEvent, defineEventHandler, setAbortHooks } from "./events.js";
import { enumerable } from "./define.js";

const INTERNAL = Symbol("w7s.internal");

// Set by the host (timers are host-backed); the default uses the global at call time.
let startTimer = (callback, ms) => globalThis.setTimeout(callback, ms);
export function setAbortTimer(fn) {
  startTimer = fn;
}

let signalState;

export class AbortSignal extends EventTarget {
  #s;

  constructor(key = undefined) {
    if (key !== INTERNAL) throw new TypeError("Illegal constructor");
    super();
    this.#s = { aborted: false, reason: undefined, algorithms: null, dependent: false, sources: null, dependents: null };
  }

  static abort(reason = undefined) {
    const signal = newSignal();
    const s = signal.#s;
    s.aborted = true;
    s.reason = reason !== undefined ? reason : new DOMException("This operation was aborted", "AbortError");
    return signal;
  }

  static timeout(milliseconds) {
    if (arguments.length < 1) throw new TypeError("AbortSignal.timeout: 1 argument required, but only 0 present.");
    const ms = Number(milliseconds);
    // WebIDL [EnforceRange] unsigned long long
    if (!Number.isFinite(ms) || Math.trunc(ms) < 0 || Math.trunc(ms) > Number.MAX_SAFE_INTEGER) {
      throw new TypeError(`AbortSignal.timeout: ${milliseconds} is outside the range of an unsigned long long`);
    }
    const signal = newSignal();
    startTimer(() => signalAbort(signal, new DOMException("The operation timed out.", "TimeoutError")), Math.trunc(ms));
    return signal;
  }

  static any(signals) {
    if (arguments.length < 1) throw new TypeError("AbortSignal.any: 1 argument required, but only 0 present.");
    if (signals === null || typeof signals !== "object" || typeof signals[Symbol.iterator] !== "function") {
      throw new TypeError("AbortSignal.any: argument is not a sequence");
    }
    const list = [...signals];
    for (const signal of list) signalState(signal); // brand check every element first
    return createDependentSignal(list);
  }

  get aborted() { return this.#s.aborted; }
  get reason() { return this.#s.reason; }
  throwIfAborted() {
    const s = this.#s;
    if (s.aborted) throw s.reason;
  }

  static {
    signalState = (signal) => {
      if (signal === null || typeof signal !== "object" || !(#s in signal)) throw new TypeError("Expected an AbortSignal");
      return signal.#s;
    };
  }
}
defineEventHandler(AbortSignal.prototype, "abort");
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: "AbortSignal", configurable: true });
enumerable(AbortSignal.prototype, ["aborted", "reason", "throwIfAborted"]);

function newSignal() {
  return new AbortSignal(INTERNAL);
}

export function isAbortSignal(v) {
  try {
    signalState(v);
    return true;
  } catch {
    return false;
  }
}

/** Adds an algorithm run when `signal` aborts (before the abort event). */
export function addAbortAlgorithm(signal, algorithm) {
  const s = signalState(signal);
  if (s.aborted) return;
  if (s.algorithms === null) s.algorithms = [];
  s.algorithms.push(algorithm);
}

setAbortHooks(isAbortSignal, addAbortAlgorithm);

/** DOM "signal abort". */
export function signalAbort(signal, reason) {
  const s = signalState(signal);
  if (s.aborted) return;
  s.aborted = true;
  s.reason = reason !== undefined ? reason : new DOMException("This operation was aborted", "AbortError");
  const toAbort = [];
  if (s.dependents !== null) {
    for (const ref of s.dependents) {
      const d = ref.deref();
      if (d === undefined) continue;
      const ds = signalState(d);
      if (!ds.aborted) {
        ds.aborted = true;
        ds.reason = s.reason;
        toAbort.push(d);
      }
    }
    s.dependents = null;
  }
  runAbortSteps(signal);
  for (const d of toAbort) runAbortSteps(d);
}

function runAbortSteps(signal) {
  const s = signalState(signal);
  const algorithms = s.algorithms;
  s.algorithms = null;
  if (algorithms !== null) for (const a of algorithms) a();
  fireEvent(signal, new Event("abort"));
}

/** DOM "create a dependent abort signal". */
export function createDependentSignal(signals) {
  const result = newSignal();
  const rs = signalState(result);
  for (const signal of signals) {
    const s = signalState(signal);
    if (s.aborted) {
      rs.aborted = true;
      rs.reason = s.reason;
      return result;
    }
  }
  rs.dependent = true;
  rs.sources = new Set();
  const ref = new WeakRef(result);
  for (const signal of signals) {
    const s = signalState(signal);
    if (!s.dependent) link(rs, signal, s, ref);
    else for (const source of s.sources) link(rs, source, signalState(source), ref);
  }
  return result;
}

function link(rs, source, s, ref) {
  if (rs.sources.has(source)) return;
  rs.sources.add(source);
  if (s.dependents === null) s.dependents = [];
  const deps = s.dependents;
  deps.push(ref);
  // prune collected dependents now and then (amortized: only when the list doubled)
  if (deps.length >= 32 && (deps.length & (deps.length - 1)) === 0) s.dependents = deps.filter((r) => r.deref() !== undefined);
}

export class AbortController {
  #signal = newSignal();
  constructor() {}
  get signal() { return this.#signal; }
  abort(reason = undefined) {
    signalAbort(this.#signal, reason);
  }
}
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: "AbortController", configurable: true });
enumerable(AbortController.prototype, ["signal", "abort"]);

/** A signal that never aborts (a request from the host). */
export function neverAbortingSignal() {
  return newSignal();
}
