// URL parsing for Request/Response internals: loads the lazy "url" bundle only when called.
import { runtimeModule } from "./lazy.js";

/** Parses an absolute URL string (there is no base URL in an isolate); TypeError if invalid. */
export function parseAbsoluteURL(input) {
  return parseURL(input).href;
}

export function parseURL(input) {
  const { URL } = runtimeModule("url");
  try {
    return new URL(String(input));
  } catch {
    throw new TypeError(`Invalid URL: ${JSON.stringify(String(input))}`);
  }
}
