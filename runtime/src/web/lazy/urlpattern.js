// Lazy bundle "urlpattern": URLPattern from urlpattern-polyfill (installs nothing by itself; the
// package's root entry would patch globalThis, so the side-effect-free ./urlpattern entry is used).
// It canonicalizes through the global URL at call time (the lazy `url` bundle).
export { URLPattern } from "urlpattern-polyfill/urlpattern";
