// Pure-JS Web platform classes (no host I/O): Headers, Request, Response, bodies, URL (lazy),
// atob/btoa, DOMException, structuredClone.
export function installWeb(global, host) {
}
