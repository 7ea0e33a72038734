// URL parsing for Request/Response internals. Canonical absolute URLs (the usual case) are
// handled by the fast path in the main bundle; only other input loads the lazy "url" bundle.
import { runtimeModule } from "./lazy.js";
import { fastHref } from "./url/fast.js";

/** Parses an absolute URL string (there is no base URL in an isolate); TypeError if invalid. */
export function parseAbsoluteURL(input) {
  return parseURL(input).href;
}

/** { href, hasCredentials } of absolute URL `input` (converted to a USVString); TypeError if invalid. */
export function parseURL(input) {
  const s = typeof input === "string" ? input : `${input}`;
  const href = fastHref(s);
  if (href !== null) return { href, hasCredentials: false };
  const { basicURLParse, serializeURL } = runtimeModule("url");
  const rec = basicURLParse(typeof s.toWellFormed === "function" ? s.toWellFormed() : s);
  if (rec === null) throw new TypeError(`Invalid URL: ${JSON.stringify(s)}`);
  return { href: serializeURL(rec), hasCredentials: rec.username !== "" || rec.password !== "" };
}
