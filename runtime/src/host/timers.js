// setTimeout/setInterval backed by the isolate's event loop: Java schedules, JS keeps callbacks.
export function installTimers(global, host) {
  const timers = new Map();
  let nextId = 1;

  function start(callback, delay, args, repeat) {
    if (typeof callback !== "function") {
      throw new TypeError("timer callback must be a function (strings are not evaluated)");
    }
    const id = nextId++;
    const ms = Math.max(0, Number(delay) || 0);
    timers.set(id, { callback, args, ms, repeat });
    host.setTimer(id, ms);
    return id;
  }

  function clear(id) {
    const key = Number(id);
    if (timers.delete(key)) host.clearTimer(key);
  }

  global.setTimeout = function setTimeout(callback, delay = 0, ...args) {
    return start(callback, delay, args, false);
  };
  global.setInterval = function setInterval(callback, delay = 0, ...args) {
    return start(callback, delay, args, true);
  };
  global.clearTimeout = function clearTimeout(id) { clear(id); };
  global.clearInterval = function clearInterval(id) { clear(id); };

  // Called by Java on the loop thread when a timer is due.
  return function fireTimer(id) {
    const timer = timers.get(id);
    if (!timer) return;
    if (timer.repeat) host.setTimer(id, timer.ms);
    else timers.delete(id);
    try {
      timer.callback.apply(undefined, timer.args);
    } catch (e) {
      global.reportError(e);
    }
  };
}
