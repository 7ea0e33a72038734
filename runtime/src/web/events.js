// Event and EventTarget (DOM Standard §2), without a node tree: every dispatch has a path of one
// target (no capture/bubble phases beyond AT_TARGET). Plus CustomEvent, ErrorEvent (HTML) and
// PromiseRejectionEvent (HTML), and the event-handler IDL attribute helper (`onabort`, ...).
import { DOMException } from "./dom-exception.js";
import { enumerable, constants } from "./define.js";

const NONE = 0, CAPTURING_PHASE = 1, AT_TARGET = 2, BUBBLING_PHASE = 3;
const TRUSTED = Symbol("w7s.trusted");

// Set by the host: reports an exception thrown by a listener (HTML "report an exception").
let reportException = (e) => { try { console.error("Uncaught", e); } catch { /* no console */ } };
export function setReportException(fn) {
  reportException = fn;
}

function requireArgs(n, count, what) {
  if (n < count) throw new TypeError(`${what}: ${count} argument${count > 1 ? "s" : ""} required, but only ${n} present.`);
}

function dictionary(init, what) {
  if (init === undefined || init === null) return {};
  if (typeof init !== "object" && typeof init !== "function") throw new TypeError(`${what}: init must be an object`);
  return init;
}

export let eventState; // (event) => state, TypeError if not an Event
export let markTrusted; // (event) => event with isTrusted = true

export class Event {
  #s;

  constructor(type, eventInitDict = undefined) {
    requireArgs(arguments.length, 1, "Event");
    const init = dictionary(eventInitDict, "Event");
    this.#s = {
      type: String(type),
      bubbles: Boolean(init.bubbles),
      cancelable: Boolean(init.cancelable),
      composed: Boolean(init.composed),
      target: null,
      currentTarget: null,
      phase: NONE,
      stop: false,
      stopImmediate: false,
      canceled: false,
      inPassive: false,
      dispatching: false,
      trusted: false,
      timeStamp: typeof performance === "object" && performance !== null ? performance.now() : Date.now(),
    };
  }

  get type() { return this.#s.type; }
  get target() { return this.#s.target; }
  get srcElement() { return this.#s.target; }
  get currentTarget() { return this.#s.currentTarget; }
  composedPath() {
    const s = this.#s;
    return s.currentTarget === null ? [] : [s.currentTarget];
  }
  get eventPhase() { return this.#s.phase; }
  stopPropagation() { this.#s.stop = true; }
  get cancelBubble() { return this.#s.stop; }
  set cancelBubble(value) { if (value) this.#s.stop = true; }
  stopImmediatePropagation() {
    const s = this.#s;
    s.stop = true;
    s.stopImmediate = true;
  }
  get bubbles() { return this.#s.bubbles; }
  get cancelable() { return this.#s.cancelable; }
  get returnValue() { return !this.#s.canceled; }
  set returnValue(value) { if (!value) cancel(this.#s); }
  preventDefault() { cancel(this.#s); }
  get defaultPrevented() { return this.#s.canceled; }
  get composed() { return this.#s.composed; }
  get isTrusted() { return this.#s.trusted; }
  get timeStamp() { return this.#s.timeStamp; }
  initEvent(type, bubbles = false, cancelable = false) {
    requireArgs(arguments.length, 1, "Event.initEvent");
    const s = this.#s;
    if (s.dispatching) return;
    s.type = String(type);
    s.bubbles = Boolean(bubbles);
    s.cancelable = Boolean(cancelable);
    s.stop = s.stopImmediate = s.canceled = false;
    s.trusted = false;
    s.target = null;
  }

  static {
    eventState = (e) => {
      if (e === null || typeof e !== "object" || !(#s in e)) throw new TypeError("Expected an Event");
      return e.#s;
    };
    markTrusted = (e) => {
      e.#s.trusted = true;
      return e;
    };
  }
}

function cancel(s) {
  if (s.cancelable && !s.inPassive) s.canceled = true;
}

constants([Event, Event.prototype], { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });
Object.defineProperty(Event.prototype, Symbol.toStringTag, { value: "Event", configurable: true });
enumerable(Event.prototype, ["type", "target", "srcElement", "currentTarget", "composedPath", "eventPhase",
  "stopPropagation", "cancelBubble", "stopImmediatePropagation", "bubbles", "cancelable", "returnValue",
  "preventDefault", "defaultPrevented", "composed", "isTrusted", "timeStamp", "initEvent"]);

export class CustomEvent extends Event {
  #detail;
  constructor(type, eventInitDict = undefined) {
    requireArgs(arguments.length, 1, "CustomEvent");
    super(type, eventInitDict);
    const init = dictionary(eventInitDict, "CustomEvent");
    this.#detail = init.detail === undefined ? null : init.detail;
  }
  get detail() { return this.#detail; }
  initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
    requireArgs(arguments.length, 1, "CustomEvent.initCustomEvent");
    if (eventState(this).dispatching) return;
    this.initEvent(type, bubbles, cancelable);
    this.#detail = detail;
  }
}
Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, { value: "CustomEvent", configurable: true });
enumerable(CustomEvent.prototype, ["detail", "initCustomEvent"]);

export class ErrorEvent extends Event {
  #message; #filename; #lineno; #colno; #error;
  constructor(type, eventInitDict = undefined) {
    requireArgs(arguments.length, 1, "ErrorEvent");
    super(type, eventInitDict);
    const init = dictionary(eventInitDict, "ErrorEvent");
    this.#message = init.message === undefined ? "" : String(init.message);
    this.#filename = init.filename === undefined ? "" : String(init.filename);
    this.#lineno = init.lineno === undefined ? 0 : Number(init.lineno) >>> 0;
    this.#colno = init.colno === undefined ? 0 : Number(init.colno) >>> 0;
    this.#error = init.error;
  }
  get message() { return this.#message; }
  get filename() { return this.#filename; }
  get lineno() { return this.#lineno; }
  get colno() { return this.#colno; }
  get error() { return this.#error; }
}
Object.defineProperty(ErrorEvent.prototype, Symbol.toStringTag, { value: "ErrorEvent", configurable: true });
enumerable(ErrorEvent.prototype, ["message", "filename", "lineno", "colno", "error"]);

export class PromiseRejectionEvent extends Event {
  #promise; #reason;
  constructor(type, eventInitDict) {
    requireArgs(arguments.length, 2, "PromiseRejectionEvent");
    super(type, eventInitDict);
    const init = dictionary(eventInitDict, "PromiseRejectionEvent");
    if (init.promise === null || (typeof init.promise !== "object" && typeof init.promise !== "function")) {
      throw new TypeError("PromiseRejectionEvent: init.promise is required and must be an object");
    }
    this.#promise = init.promise;
    this.#reason = init.reason;
  }
  get promise() { return this.#promise; }
  get reason() { return this.#reason; }
}
Object.defineProperty(PromiseRejectionEvent.prototype, Symbol.toStringTag, { value: "PromiseRejectionEvent", configurable: true });
enumerable(PromiseRejectionEvent.prototype, ["promise", "reason"]);

// ---- EventTarget ----

// Listener state of the global object (which is not constructed by EventTarget): see installGlobalEventTarget.
let globalObject = null;
let globalListeners = null;

function flattenOptions(options) {
  if (typeof options === "boolean") return Boolean(options);
  if (options === null || typeof options !== "object") return false;
  return Boolean(options.capture);
}

export let targetListeners; // (target) => Map type -> listener[]

export class EventTarget {
  #listeners = new Map(); // type -> [{ callback, capture, passive, once, removed }]

  constructor() {}

  addEventListener(type, callback, options = undefined) {
    requireArgs(arguments.length, 2, "EventTarget.addEventListener");
    addListener(listenersOf(this), String(type), callback, options);
  }

  removeEventListener(type, callback, options = undefined) {
    requireArgs(arguments.length, 2, "EventTarget.removeEventListener");
    removeListener(listenersOf(this), String(type), callback, flattenOptions(options));
  }

  dispatchEvent(event) {
    requireArgs(arguments.length, 1, "EventTarget.dispatchEvent");
    const listeners = listenersOf(this);
    const s = eventState(event);
    if (s.dispatching) throw new DOMException("The event is already being dispatched", "InvalidStateError");
    s.trusted = false;
    return dispatch(this === undefined || this === null ? globalObject : this, listeners, event);
  }

  static {
    targetListeners = (t) => {
      if (t !== null && typeof t === "object" && #listeners in t) return t.#listeners;
      return null;
    };
  }
}
Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, { value: "EventTarget", configurable: true });
enumerable(EventTarget.prototype, ["addEventListener", "removeEventListener", "dispatchEvent"]);

function listenersOf(target) {
  // undefined: a bare call like addEventListener(...) from strict code refers to the global.
  if (target === undefined || target === null || target === globalObject) {
    if (globalListeners !== null) return globalListeners;
  }
  const l = targetListeners(target);
  if (l === null) throw new TypeError("Illegal invocation: not an EventTarget");
  return l;
}

function addListener(map, type, callback, options) {
  let capture = false, passive = false, once = false, signal = null;
  if (typeof options === "boolean") capture = options;
  else if (options !== null && typeof options === "object") {
    capture = Boolean(options.capture);
    once = Boolean(options.once);
    passive = Boolean(options.passive);
    if (options.signal !== undefined) {
      signal = options.signal;
      if (!isAbortSignal(signal)) throw new TypeError("addEventListener: options.signal is not an AbortSignal");
    }
  }
  if (signal !== null && signal.aborted) return;
  if (callback === null || callback === undefined) return;
  if (typeof callback !== "function" && typeof callback !== "object") {
    throw new TypeError("addEventListener: the listener must be a function or an object with handleEvent");
  }
  let list = map.get(type);
  if (list === undefined) map.set(type, list = []);
  for (const l of list) if (l.callback === callback && l.capture === capture) return;
  const listener = { callback, capture, passive, once, removed: false };
  list.push(listener);
  if (signal !== null) addAbortAlgorithm(signal, () => removeListenerObject(map, type, listener));
}

function removeListener(map, type, callback, capture) {
  const list = map.get(type);
  if (list === undefined) return;
  for (const l of list) {
    if (l.callback === callback && l.capture === capture) {
      removeListenerObject(map, type, l);
      return;
    }
  }
}

function removeListenerObject(map, type, listener) {
  listener.removed = true;
  const list = map.get(type);
  if (list === undefined) return;
  const i = list.indexOf(listener);
  if (i >= 0) {
    // copy on write: a dispatch in progress iterates over the old array
    const copy = list.slice();
    copy.splice(i, 1);
    if (copy.length === 0) map.delete(type);
    else map.set(type, copy);
  }
}

/** Dispatches `event` at `target` (one-element path). Returns false if it was canceled. */
function dispatch(target, listeners, event) {
  const s = eventState(event);
  s.dispatching = true;
  s.target = target;
  s.currentTarget = target;
  s.phase = AT_TARGET;
  try {
    const list = listeners.get(s.type);
    if (list !== undefined && !s.stop) {
      // at the target: capture listeners first, then the others (DOM "invoke" with phase capturing, then bubbling)
      invoke(target, listeners, list, event, s, true);
      if (!s.stop) invoke(target, listeners, list, event, s, false);
    }
  } finally {
    s.dispatching = false;
    s.phase = NONE;
    s.currentTarget = null;
    s.stop = false;
    s.stopImmediate = false;
  }
  return !s.canceled;
}

function invoke(target, map, list, event, s, capturePass) {
  for (const l of list) {
    if (l.removed || l.capture !== capturePass) continue;
    if (l.once) removeListenerObject(map, s.type, l);
    let fn = l.callback, thisArg = target;
    if (typeof fn !== "function") {
      thisArg = fn;
      try {
        fn = fn.handleEvent;
        if (typeof fn !== "function") throw new TypeError("The event listener's handleEvent is not a function");
      } catch (e) {
        reportException(e);
        continue;
      }
    }
    if (l.passive) s.inPassive = true;
    try {
      fn.call(thisArg, event);
    } catch (e) {
      reportException(e);
    }
    s.inPassive = false;
    if (s.stopImmediate) return;
  }
}

/** Fires a trusted event at a target (the platform's own dispatch: abort, error, unhandledrejection). */
export function fireEvent(target, event) {
  markTrusted(event);
  const listeners = target === globalObject ? globalListeners : targetListeners(target);
  if (listeners === null || listeners.size === 0) return true;
  return dispatch(target, listeners, event);
}

/**
 * Makes `global` behave as an EventTarget: own addEventListener/removeEventListener/dispatchEvent,
 * and EventTarget.prototype's methods accept the global as `this`.
 */
export function installGlobalEventTarget(global) {
  globalObject = global;
  globalListeners = new Map();
  const proto = EventTarget.prototype;
  for (const name of ["addEventListener", "removeEventListener", "dispatchEvent"]) {
    Object.defineProperty(global, name, { value: proto[name], writable: true, configurable: true, enumerable: false });
  }
}

/**
 * Defines the event handler IDL attribute `on<type>` on `proto` (HTML §8.1.8.1): setting a
 * callable registers one listener (at the position of the first assignment) that calls the
 * current handler; null (or a non-object) removes it.
 */
export function defineEventHandler(proto, type) {
  const handlers = new WeakMap(); // target -> { value, listener }
  Object.defineProperty(proto, "on" + type, {
    enumerable: true,
    configurable: true,
    get() {
      listenersOf(this);
      const h = handlers.get(this);
      return h === undefined ? null : h.value;
    },
    set(value) {
      const map = listenersOf(this);
      const v = typeof value === "function" || (value !== null && typeof value === "object") ? value : null;
      let h = handlers.get(this);
      if (v === null) {
        if (h !== undefined) {
          removeListener(map, type, h.listener, false);
          handlers.delete(this);
        }
        return;
      }
      if (h === undefined) {
        h = { value: v, listener: null };
        h.listener = function (event) {
          const fn = h.value;
          if (typeof fn !== "function") return undefined;
          const r = fn.call(this, event);
          if (r === false) event.preventDefault();
          return r;
        };
        handlers.set(this, h);
        addListener(map, type, h.listener, undefined);
      } else {
        h.value = v;
      }
    },
  });
}

// AbortSignal hooks, set by abort.js (it depends on this module, not the other way round).
let isAbortSignal = () => false;
let addAbortAlgorithm = () => {};
export function setAbortHooks(is, add) {
  isAbortSignal = is;
  addAbortAlgorithm = add;
}
