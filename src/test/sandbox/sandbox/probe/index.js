// Tries to get out of its sandbox; reports what it reached. Also pollutes shared builtins.
async function attempt(fn) {
  try {
    const v = await fn();
    return "reached: " + String(v).slice(0, 80);
  } catch (e) {
    return "blocked";
  }
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/pollute") {
      Object.prototype.polluted = "by probe";
      Array.prototype.includes = () => true;
      globalThis.sharedSecret = "probe's";
      JSON.parse = () => "hijacked";
      return new Response("polluted");
    }
    const results = {
      javaType: await attempt(() => Java.type("java.lang.System")),
      polyglotEval: await attempt(() => Polyglot.eval("js", "1")),
      graal: await attempt(() => Graal.versionJS),
      hostObject: await attempt(() => globalThis.__w7s_host.log("info", "x")),
      process: await attempt(() => process.env.PATH),
      require: await attempt(() => require(["f", "s"].join(""))),
      // Computed specifiers: a literal one would already be refused when the app is deployed.
      importEtc: await attempt(() => import(["", "etc", "passwd"].join("/"))),
      importUp: await attempt(() => import(["..", "..", "..", "..", "pom.xml"].join("/"))),
      load: await attempt(() => load("/etc/passwd")),
      hostClassViaConstructor: await attempt(() => (function () {}).constructor("return Java")().type("java.lang.Runtime")),
      reflectOnFetch: await attempt(() => Object.getOwnPropertyNames(fetch).join(",").includes("getClass") ? "getClass" : (() => { throw 0; })()),
      timerString: await attempt(() => setTimeout("globalThis.x = 1", 0)),
    };
    return Response.json(results);
  },
};
