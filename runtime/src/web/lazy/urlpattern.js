// Lazy bundle "urlpattern": URLPattern from urlpattern-polyfill (installs nothing by itself; the
// package's root entry would patch globalThis, so the side-effect-free ./urlpattern entry is used).
// Its `URL` is the runtime's (lazy `url` bundle), injected by build.mjs (../url/inject-url.js).
import { linkURL } from "../url/inject-url.js";

export { URLPattern } from "urlpattern-polyfill/urlpattern";

/** Called once by lazy.js right after this bundle is evaluated. */
export function __link(runtimeModule) {
  linkURL(runtimeModule);
}
