// WPT URL data-driven tests (url-constructor, url-origin, url-statics-canparse/parse, url-setters,
// toascii, percent-encoding, urlencoded-parser), ported to plain JS. Each function takes the
// parsed JSON and returns { total, failures: [description, ...] }.
(() => {
  const ATTRS = ["href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"];
  const show = (v) => JSON.stringify(v);

  function check(failures, name, fn) {
    try {
      const problem = fn();
      if (problem) failures.push(`${name}: ${problem}`);
    } catch (e) {
      failures.push(`${name}: threw ${e && e.name}: ${e && e.message}`);
    }
  }

  function urltestdata(cases) {
    const failures = [];
    let total = 0;
    for (const t of cases) {
      if (typeof t === "string") continue;
      const base = t.base !== null ? t.base : undefined;
      const name = `new URL(${show(t.input)}, ${show(t.base)})`;
      total++;
      check(failures, name, () => {
        if (t.failure) {
          try {
            new URL(t.input, base);
          } catch (e) {
            return e instanceof TypeError ? null : `expected TypeError, got ${e && e.name}`;
          }
          return "expected TypeError, parsed";
        }
        const url = new URL(t.input, base);
        for (const a of ATTRS) if (url[a] !== t[a]) return `${a}: expected ${show(t[a])}, got ${show(url[a])}`;
        if ("origin" in t && url.origin !== t.origin) return `origin: expected ${show(t.origin)}, got ${show(url.origin)}`;
        if ("searchParams" in t && url.searchParams.toString() !== t.searchParams) {
          return `searchParams: expected ${show(t.searchParams)}, got ${show(url.searchParams.toString())}`;
        }
        return null;
      });
      total++;
      check(failures, `URL.canParse(${show(t.input)}, ${show(t.base)})`, () => {
        const got = base === undefined ? URL.canParse(t.input) : URL.canParse(t.input, base);
        return got === !t.failure ? null : `expected ${!t.failure}, got ${got}`;
      });
      total++;
      check(failures, `URL.parse(${show(t.input)}, ${show(t.base)})`, () => {
        const got = URL.parse(t.input, base);
        if (t.failure) return got === null ? null : `expected null, got ${show(got && got.href)}`;
        return got !== null && got.href === t.href ? null : `expected ${show(t.href)}, got ${show(got && got.href)}`;
      });
    }
    return { total, failures };
  }

  function setters(data) {
    const failures = [];
    let total = 0;
    for (const attr of Object.keys(data)) {
      if (attr === "comment") continue;
      for (const t of data[attr]) {
        total++;
        check(failures, `${show(t.href)}.${attr} = ${show(t.new_value)}`, () => {
          const url = new URL(t.href);
          url[attr] = t.new_value;
          for (const a of Object.keys(t.expected)) {
            if (url[a] !== t.expected[a]) return `${a}: expected ${show(t.expected[a])}, got ${show(url[a])}`;
          }
          return null;
        });
      }
    }
    return { total, failures };
  }

  function toascii(cases) {
    const failures = [];
    let total = 0;
    for (const t of cases) {
      if (typeof t === "string") continue;
      total++;
      check(failures, `toascii ${show(t.input)} (URL)`, () => {
        if (t.output !== null) {
          const url = new URL(`https://${t.input}/x`);
          if (url.host !== t.output) return `host: expected ${show(t.output)}, got ${show(url.host)}`;
          if (url.hostname !== t.output) return `hostname: expected ${show(t.output)}, got ${show(url.hostname)}`;
          if (url.pathname !== "/x") return `pathname ${show(url.pathname)}`;
          if (url.href !== `https://${t.output}/x`) return `href ${show(url.href)}`;
          return null;
        }
        try {
          new URL(`https://${t.input}/x`);
        } catch (e) {
          return e instanceof TypeError ? null : `expected TypeError, got ${e && e.name}`;
        }
        return "expected TypeError, parsed";
      });
      for (const setter of ["host", "hostname"]) {
        total++;
        check(failures, `toascii ${show(t.input)} (${setter} setter)`, () => {
          const url = new URL("https://x/x");
          url[setter] = t.input;
          const expected = t.output !== null ? t.output : "x";
          return url[setter] === expected ? null : `expected ${show(expected)}, got ${show(url[setter])}`;
        });
      }
    }
    return { total, failures };
  }

  // Only the UTF-8 outputs apply: URL parsing always encodes the query with UTF-8.
  function percentEncoding(cases) {
    const failures = [];
    let total = 0;
    for (const t of cases) {
      if (typeof t === "string" || !("utf-8" in t.output)) continue;
      total++;
      check(failures, `percent-encoding ${show(t.input)}`, () => {
        const url = new URL(`https://doesnotmatter.invalid/?${t.input}#${t.input}`);
        const want = t.output["utf-8"];
        if (url.search !== `?${want}`) return `search: expected ${show("?" + want)}, got ${show(url.search)}`;
        return null;
      });
    }
    return { total, failures };
  }

  function urlencoded(cases) {
    const failures = [];
    let total = 0;
    for (const t of cases) {
      if (typeof t === "string") continue;
      total++;
      check(failures, `URLSearchParams(${show(t.input)})`, () => {
        const got = [...new URLSearchParams(t.input)];
        return show(got) === show(t.output) ? null : `expected ${show(t.output)}, got ${show(got)}`;
      });
    }
    return { total, failures };
  }

  // The URL fast path (runtime/src/web/url/fast.js) against the full parser: for every input it
  // accepts, the record (and href) must equal basicURLParse's. Needs the test bootstrap
  // (globalThis.__w7s_web). Also counts how many inputs it accepted.
  function fastPath(cases) {
    const { fastParse, fastParseRelative, fastHref, runtimeModule } = globalThis.__w7s_web;
    const { basicURLParse, serializeURL } = runtimeModule("url");
    const failures = [];
    let total = 0, claimed = 0;
    const extra = [
      "https://w7s.internal/api/v1/rpc/bench/rpc-target/", "http://a-b.c0m:8080/x?y#z", "wss://h/?a'b", "https://h/%2E%2e/x",
      "https://h/.%2E", "https://h/a/%2e", "https://h:0443/", "https://h:443/", "http://h:80", "ws://h:443/", "https://h:65536/",
      "https://h.0x1/", "https://h.12/", "https://1-2/", "https://-a/", "https://a-/", "https://xn--a.b/", "https://a..b/",
      "https://a./", "https://h/a^b", "https://h/a{b", "https://h/?a`b#`", "https://h/#a\"b", "https://h/%zz?%zz#%zz",
      "https://h?q", "https://h#f", "https://h", "https://h:1", "https://h/a?b?c#d#e", "https://H/", "https://h/ a",
    ];
    const inputs = [...cases.filter((t) => typeof t !== "string"), ...extra.map((input) => ({ input, base: null }))];
    for (const t of inputs) {
      total++;
      check(failures, `fast path ${show(t.input)} ${show(t.base)}`, () => {
        let fast, slow;
        if (t.base === null) {
          fast = fastParse(t.input);
          slow = basicURLParse(t.input);
          const href = fastHref(t.input);
          if ((href === null) !== (fast === null)) return `fastHref and fastParse disagree`;
          if (href !== null && href !== serializeURL(slow)) return `href: expected ${show(serializeURL(slow))}, got ${show(href)}`;
        } else {
          const base = basicURLParse(t.base);
          if (base === null) return null;
          fast = fastParseRelative(t.input, base);
          slow = basicURLParse(t.input, { baseURL: base });
        }
        if (fast === null) return null;
        claimed++;
        return show(fast) === show(slow) ? null : `record: expected ${show(slow)}, got ${show(fast)}`;
      });
    }
    if (claimed < 40) failures.push(`fast path accepted only ${claimed} inputs: expected at least 40`);
    return { total, failures, claimed };
  }

  globalThis.__wpt = { urltestdata, setters, toascii, percentEncoding, urlencoded, fastPath };
})();
