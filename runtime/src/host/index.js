// Globals backed by the Java host: console, timers, queueMicrotask, crypto, performance,
// and the request dispatcher handed to Java.
export function installHost(global, host) {
}
