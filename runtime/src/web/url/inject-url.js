// esbuild `inject` file of the lazy `urlpattern` bundle (see build.mjs): the polyfill's free `URL`
// references become this binding, so URLPattern uses the runtime's URL class even when a program
// has replaced the global `URL`.
// eslint-disable-next-line import/no-mutable-exports
export let URL;

/** Called by the bundle's __link with lazy.js's loader. */
export function linkURL(runtimeModule) {
  URL = runtimeModule("url").URL;
}
