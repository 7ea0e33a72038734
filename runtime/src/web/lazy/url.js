// Lazy bundle "url": the WHATWG URL Standard's reference implementation.
export { URL, URLSearchParams } from "whatwg-url";
