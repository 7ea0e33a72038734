// WPT urlpattern/resources/urlpatterntestdata.json run with the semantics of WPT's
// urlpattern/resources/urlpatterntestdata-harness (urlpattern.any.js): constructor errors, the
// compiled component patterns (with the defaults derived from baseURL / earlier components /
// exactly_empty_components), test(), exec() inputs and per-component results.
// __wptUrlPattern(data) returns { total, failures: [[caseName, problem], ...] }; caseName is WPT's
// test name ("Pattern: … Inputs: …"), the key of WptUrlPatternTest's list of known exceptions.
(() => {
  const COMPONENTS = ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"];
  const EARLIER = {
    protocol: [], hostname: ["protocol"], port: ["protocol", "hostname"], username: [], password: [],
    pathname: ["protocol", "hostname", "port"], search: ["protocol", "hostname", "port", "pathname"],
    hash: ["protocol", "hostname", "port", "pathname", "search"],
  };
  const show = (v) => v === undefined ? "undefined" : JSON.stringify(v);

  function expectedPattern(entry, component) {
    if (entry.expected_obj && entry.expected_obj[component] !== undefined) return entry.expected_obj[component];
    let baseURL = null;
    if (entry.pattern.length > 0 && entry.pattern[0] && entry.pattern[0].baseURL) baseURL = new URL(entry.pattern[0].baseURL);
    else if (entry.pattern.length > 1 && typeof entry.pattern[1] === "string") baseURL = new URL(entry.pattern[1]);
    const p0 = entry.pattern[0];
    if (entry.exactly_empty_components && entry.exactly_empty_components.includes(component)) return "";
    if (typeof p0 === "object" && p0 && p0[component]) return p0[component];
    if (typeof p0 === "object" && p0 && EARLIER[component].some((c) => c in p0)) return "*";
    if (baseURL && component !== "username" && component !== "password") {
      let v = baseURL[component];
      if (component === "protocol") v = v.substring(0, v.length - 1);
      else if (component === "search" || component === "hash") v = v.substring(1);
      return v;
    }
    return "*";
  }

  function throwsTypeError(fn) {
    try { fn(); } catch (e) { return e instanceof TypeError ? null : `threw ${e && e.name} instead of TypeError`; }
    return "did not throw";
  }

  // Same as WPT's assert_object_equals for these flat objects: same own keys, same values.
  function objectProblem(actual, expected, what) {
    if (actual === null || typeof actual !== "object") return `${what}: expected an object, got ${show(actual)}`;
    const ak = Object.keys(actual).sort(), ek = Object.keys(expected).sort();
    if (show(ak) !== show(ek)) return `${what}: keys ${show(ak)}, expected ${show(ek)}`;
    for (const k of ek) {
      const a = actual[k], e = expected[k];
      if (e !== null && typeof e === "object") {
        const p = objectProblem(a, e, `${what}.${k}`);
        if (p) return p;
      } else if (!Object.is(a, e)) {
        return `${what}.${k}: expected ${show(e)}, got ${show(a)}`;
      }
    }
    return null;
  }

  function runCase(entry) {
    if (entry.expected_obj === "error") {
      const p = throwsTypeError(() => new URLPattern(...entry.pattern));
      return p && `constructor: expected TypeError, ${p}`;
    }
    const pattern = new URLPattern(...entry.pattern);
    for (const c of COMPONENTS) {
      const expected = expectedPattern(entry, c);
      if (pattern[c] !== expected) return `compiled pattern property '${c}': expected ${show(expected)}, got ${show(pattern[c])}`;
    }
    if (entry.expected_match === "error") {
      let p = throwsTypeError(() => pattern.test(...entry.inputs));
      if (p) return `test(): expected TypeError, ${p}`;
      p = throwsTypeError(() => pattern.exec(...entry.inputs));
      return p && `exec(): expected TypeError, ${p}`;
    }
    const t = pattern.test(...entry.inputs);
    if (t !== !!entry.expected_match) return `test(): expected ${!!entry.expected_match}, got ${t}`;
    const result = pattern.exec(...entry.inputs);
    if (!entry.expected_match || typeof entry.expected_match !== "object") {
      return Object.is(result, entry.expected_match) ? null : `exec(): expected ${show(entry.expected_match)}, got ${show(result)}`;
    }
    const expectedInputs = entry.expected_match.inputs || entry.inputs;
    if (!result || !Array.isArray(result.inputs)) return `exec(): no inputs in ${show(result)}`;
    if (result.inputs.length !== expectedInputs.length) return `exec() inputs.length: expected ${expectedInputs.length}, got ${result.inputs.length}`;
    for (let i = 0; i < result.inputs.length; i++) {
      const input = result.inputs[i], exp = expectedInputs[i];
      if (typeof input === "string") {
        if (input !== exp) return `exec() inputs[${i}]: expected ${show(exp)}, got ${show(input)}`;
        continue;
      }
      for (const c of COMPONENTS) {
        if (input[c] !== exp[c]) return `exec() inputs[${i}][${c}]: expected ${show(exp[c])}, got ${show(input[c])}`;
      }
    }
    for (const c of COMPONENTS) {
      let exp = entry.expected_match[c];
      if (!exp) {
        exp = { input: "", groups: {} };
        if (!entry.exactly_empty_components || !entry.exactly_empty_components.includes(c)) exp.groups["0"] = "";
      }
      const groups = {};
      for (const k in exp.groups) groups[k] = exp.groups[k] === null ? undefined : exp.groups[k];
      const p = objectProblem(result[c], { input: exp.input, groups }, `exec() result for ${c}`);
      if (p) return p;
    }
    return null;
  }

  globalThis.__wptUrlPattern = (data) => {
    const failures = [];
    let total = 0;
    for (const entry of data) {
      total++;
      const name = `Pattern: ${JSON.stringify(entry.pattern)} Inputs: ${JSON.stringify(entry.inputs)}`;
      try {
        const problem = runCase(entry);
        if (problem) failures.push([name, problem]);
      } catch (e) {
        failures.push([name, `threw ${e && e.name}: ${e && e.message}`]);
      }
    }
    return { total, failures };
  };
})();
