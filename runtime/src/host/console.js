// console.* formatted like Node's (enough of util.inspect to read logs), written to the host log.
export function installConsole(global, host) {
  const counts = new Map();
  const timers = new Map();
  const write = (level) => (...args) => host.log(level, format(args));
  const console = {
    log: write("info"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    debug: write("debug"),
    trace: (...args) => host.log("info", "Trace: " + format(args) + "\n" + stackBelow(new Error().stack)),
    assert: (condition, ...args) => {
      if (!condition) host.log("error", "Assertion failed" + (args.length ? ": " + format(args) : ""));
    },
    count: (label = "default") => {
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      host.log("info", `${label}: ${n}`);
    },
    time: (label = "default") => timers.set(label, host.now()),
    timeEnd: (label = "default") => {
      const start = timers.get(label);
      timers.delete(label);
      if (start !== undefined) host.log("info", `${label}: ${(host.now() - start).toFixed(3)}ms`);
    },
  };
  console.dir = (value) => console.log(value);
  Object.defineProperty(global, "console", { value: console, writable: true, configurable: true, enumerable: false });
}

function stackBelow(stack) {
  const lines = String(stack).split("\n");
  return lines.slice(2).join("\n");
}

export function format(args) {
  let first = args[0];
  let rest = 1;
  let out = "";
  if (typeof first === "string" && first.includes("%")) {
    out = first.replace(/%[sdifjoOc%]/g, (spec) => {
      if (spec === "%%") return "%";
      if (rest >= args.length) return spec;
      const arg = args[rest++];
      switch (spec) {
        case "%s": return typeof arg === "string" ? arg : describeValue(arg);
        case "%d": case "%i": return String(spec === "%i" ? Math.trunc(Number(arg)) : Number(arg));
        case "%f": return String(Number(arg));
        case "%j": try { return JSON.stringify(arg); } catch { return "[Circular]"; }
        case "%c": return "";
        default: return describeValue(arg);
      }
    });
  } else {
    out = typeof first === "string" ? first : describeValue(first);
    if (args.length === 0) out = "";
  }
  for (let i = rest; i < args.length; i++) {
    const arg = args[i];
    out += " " + (typeof arg === "string" ? arg : describeValue(arg));
  }
  return out;
}

export function describeError(e) {
  if (e instanceof Error) {
    const stack = typeof e.stack === "string" ? e.stack : "";
    const head = `${e.name}: ${e.message}`;
    return stack.startsWith(head) || stack.includes(e.message) ? stack : head + "\n" + stack;
  }
  return describeValue(e);
}

export function describeValue(value, depth = 0, seen = new Set()) {
  switch (typeof value) {
    case "undefined": return "undefined";
    case "string": return depth === 0 ? JSON.stringify(value) : JSON.stringify(value);
    case "number": case "boolean": return String(value);
    case "bigint": return value + "n";
    case "symbol": return value.toString();
    case "function": return `[Function: ${value.name || "(anonymous)"}]`;
  }
  if (value === null) return "null";
  if (value instanceof Error) return describeError(value);
  if (seen.has(value)) return "[Circular]";
  if (value instanceof Date) return isNaN(value) ? "Invalid Date" : value.toISOString();
  if (value instanceof RegExp) return String(value);
  if (value instanceof Promise) return "Promise {}";
  if (depth > 2) return Array.isArray(value) ? "[Array]" : "[Object]";
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return "[ " + value.map((v) => describeValue(v, depth + 1, seen)).join(", ") + " ]";
    }
    if (value instanceof Map) {
      return `Map(${value.size}) { ` + [...value].map(([k, v]) =>
        describeValue(k, depth + 1, seen) + " => " + describeValue(v, depth + 1, seen)).join(", ") + " }";
    }
    if (value instanceof Set) {
      return `Set(${value.size}) { ` + [...value].map((v) => describeValue(v, depth + 1, seen)).join(", ") + " }";
    }
    if (ArrayBuffer.isView(value)) {
      return `${value.constructor.name}(${value.length}) [ ${Array.prototype.slice.call(value, 0, 50).join(", ")} ]`;
    }
    const name = value.constructor && value.constructor !== Object ? value.constructor.name + " " : "";
    const keys = Object.keys(value);
    if (keys.length === 0) return name + "{}";
    return name + "{ " + keys.map((k) => {
      const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
      return key + ": " + describeValue(value[k], depth + 1, seen);
    }).join(", ") + " }";
  } finally {
    seen.delete(value);
  }
}
