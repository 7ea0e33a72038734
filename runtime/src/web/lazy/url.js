// Lazy bundle "url": URL and URLSearchParams (runtime/src/web/url/url.js) on whatwg-url's
// low-level parser, plus the parser itself for url-util.js's non-canonical input.
export { URL, URLSearchParams, basicURLParse, serializeURL } from "../url/url.js";
