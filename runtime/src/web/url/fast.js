// Fast path of the URL parser, for input that is already in canonical form: an absolute
// http/https/ws/wss URL with a plain lower-case DNS host, an optional non-default port and a
// path/query/fragment the basic URL parser would leave unchanged. For such input the URL record
// is built directly (no state machine); anything else returns null and must go to the full
// parser (whatwg-url's basicURLParse, lazy "url" bundle). Kept small: it is in the main bundle.
//
// Conservative by design: a false "null" only costs speed, a wrong record would break
// conformance. UrlFastPathTest checks every WPT input the fast path accepts against basicURLParse.

const DEFAULT_PORT = Object.assign(Object.create(null), { http: 80, https: 443, ws: 80, wss: 443 });

// Per ASCII code unit: which components keep it unchanged (and need no other processing).
const PATH = 1, QUERY = 2, FRAGMENT = 4, HOST = 8;
const CLASS = classTable(); // a function: loops at module level slow the bootstrap down (see define.js)

function classTable() {
  const table = new Uint8Array(128);
  for (let c = 0x21; c < 0x7f; c++) table[c] = PATH | QUERY | FRAGMENT;
  for (const ch of '"<>') table[ch.charCodeAt(0)] = 0; // percent-encoded everywhere
  table[0x23] = FRAGMENT; // '#': ends path and query
  table[0x3f] = QUERY | FRAGMENT; // '?': ends the path
  for (const ch of "`{}^") table[ch.charCodeAt(0)] &= ~PATH; // path percent-encode set
  table[0x5c] &= ~PATH; // '\' is a path separator in special URLs
  table[0x27] &= ~QUERY; // "'": special-query percent-encode set
  table[0x60] &= ~FRAGMENT; // '`': fragment percent-encode set
  for (let c = 0x61; c <= 0x7a; c++) table[c] |= HOST;
  for (let c = 0x30; c <= 0x39; c++) table[c] |= HOST;
  table[0x2d] |= HOST; // '-'
  return table;
}

/** The scheme of `s` if it starts with "http://", "https://", "ws://" or "wss://", else null. */
function schemeOf(s) {
  if (s.startsWith("https://")) return "https";
  if (s.startsWith("http://")) return "http";
  if (s.startsWith("wss://")) return "wss";
  if (s.startsWith("ws://")) return "ws";
  return null;
}

/** Is segment s[from, to) "." or ".." in any of its percent-encoded spellings ("%2e", ".%2E", ...)? */
function isDotSegment(s, from, to) {
  const n = to - from;
  if (n === 0 || n > 6) return false;
  const seg = s.slice(from, to).toLowerCase();
  return seg === "." || seg === "%2e" || seg === ".." || seg === ".%2e" || seg === "%2e." || seg === "%2e%2e";
}

/**
 * Scans path, query and fragment of `s` from `i` (at "/", "?", "#" or the end). Returns
 * [queryStart, fragmentStart] (index of "?" / "#", -1 if absent) or null if the parser would
 * change anything. A path, if present, must start at `i` with "/".
 */
function scanRest(s, i) {
  const n = s.length;
  let q = -1, f = -1, seg = i + 1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2f) { // '/'
      if (isDotSegment(s, seg, i)) return null;
      seg = i + 1;
    } else if (c === 0x3f || c === 0x23 || c >= 0x80 || (CLASS[c] & PATH) === 0) break;
  }
  if (isDotSegment(s, seg, i)) return null;
  if (i < n && s.charCodeAt(i) === 0x3f) {
    q = i;
    for (i++; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x23 || c >= 0x80 || (CLASS[c] & QUERY) === 0) break;
    }
  }
  if (i < n && s.charCodeAt(i) === 0x23) {
    f = i;
    for (i++; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || (CLASS[c] & FRAGMENT) === 0) break;
    }
  }
  return i === n ? [q, f] : null;
}

/**
 * Scans the authority of canonical absolute `s` (scheme known, "://" at scheme.length).
 * Returns [hostEnd, port] (port null when absent) or null.
 */
function scanAuthority(s, scheme) {
  const n = s.length;
  let i = scheme.length + 3, label = i, digitsOnly = true;
  for (;; i++) {
    const c = i < n ? s.charCodeAt(i) : 0x2f;
    if (c < 0x80 && (CLASS[c] & HOST) !== 0) {
      if (c > 0x39) digitsOnly = false;
      continue;
    }
    if (c !== 0x2e && c !== 0x3a && c !== 0x2f && c !== 0x3f && c !== 0x23) return null;
    // end of a label: [a-z0-9]([a-z0-9-]*[a-z0-9])?, no "xn--" (punycode), not all digits if last
    if (i === label || s.charCodeAt(label) === 0x2d || s.charCodeAt(i - 1) === 0x2d) return null;
    if (s.startsWith("xn--", label)) return null;
    if (c !== 0x2e) {
      // the last label decides whether the host is an IPv4 address: all digits or "0x..."
      if (digitsOnly || (s.charCodeAt(label) === 0x30 && s.charCodeAt(label + 1) === 0x78)) return null;
      break;
    }
    label = i + 1;
    digitsOnly = true;
  }
  const hostEnd = i;
  let port = null;
  if (i < n && s.charCodeAt(i) === 0x3a) {
    i++;
    const start = i;
    let v = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      if (v > 65535) return null;
    }
    // "https://h:/", leading zeros and the default port are all rewritten by the parser
    if (i === start || s.charCodeAt(start) === 0x30 || v === DEFAULT_PORT[scheme]) return null;
    if (i < n && s.charCodeAt(i) !== 0x2f && s.charCodeAt(i) !== 0x3f && s.charCodeAt(i) !== 0x23) return null;
    port = v;
  }
  return [hostEnd, port, i];
}

function record(scheme, host, port, s, pathStart, q, f) {
  const n = s.length;
  const pathEnd = q >= 0 ? q : f >= 0 ? f : n;
  return {
    scheme,
    username: "",
    password: "",
    host,
    port,
    path: pathStart < pathEnd ? s.slice(pathStart + 1, pathEnd).split("/") : [""],
    query: q >= 0 ? s.slice(q + 1, f >= 0 ? f : n) : null,
    fragment: f >= 0 ? s.slice(f + 1) : null,
  };
}

/** The URL record basicURLParse(s) would return, if `s` (a string) is canonical; else null. */
export function fastParse(s) {
  const scheme = schemeOf(s);
  if (scheme === null) return null;
  const a = scanAuthority(s, scheme);
  if (a === null) return null;
  const rest = scanRest(s, a[2]);
  if (rest === null) return null;
  return record(scheme, s.slice(scheme.length + 3, a[0]), a[1], s, a[2], rest[0], rest[1]);
}

/** serializeURL(basicURLParse(s)) if `s` (a string) is canonical (s itself, or with the "/" path added); else null. */
export function fastHref(s) {
  const scheme = schemeOf(s);
  if (scheme === null) return null;
  const a = scanAuthority(s, scheme);
  if (a === null || scanRest(s, a[2]) === null) return null;
  const i = a[2];
  return i < s.length && s.charCodeAt(i) === 0x2f ? s : s.slice(0, i) + "/" + s.slice(i);
}

/**
 * basicURLParse(s, { baseURL: base }) for a path-absolute `s` ("/a/b?q#f", not "//") against a
 * base with an http(s)/ws(s) scheme; else null.
 */
export function fastParseRelative(s, base) {
  if (s.charCodeAt(0) !== 0x2f || s.charCodeAt(1) === 0x2f || DEFAULT_PORT[base.scheme] === undefined || base.host === null) {
    return null;
  }
  const rest = scanRest(s, 0);
  if (rest === null) return null;
  const r = record(base.scheme, base.host, base.port, s, 0, rest[0], rest[1]);
  r.username = base.username;
  r.password = base.password;
  return r;
}
