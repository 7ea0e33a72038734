// Lazily loaded runtime modules (host.loadRuntimeModule) and the lazy globals built on them.
// A module is loaded at most once per context, and only when something needs it.

let host = null;
const loaded = Object.create(null);

export function setHost(h) {
  host = h;
}

/** Returns the exports of lazy bundle `name`, loading it on first use. */
export function runtimeModule(name) {
  let m = loaded[name];
  if (m === undefined) {
    if (host === null || typeof host.loadRuntimeModule !== "function") {
      throw new Error(`w7s runtime: cannot load module '${name}': no host.loadRuntimeModule`);
    }
    m = host.loadRuntimeModule(name);
    if (m === null || typeof m !== "object") {
      throw new Error(`w7s runtime: module '${name}' did not evaluate to its exports object`);
    }
    // A bundle that needs other bundles (the same instances as the globals) exports __link.
    if (typeof m.__link === "function") m.__link(runtimeModule);
    loaded[name] = m;
  }
  return m;
}

/** The exports of `name` if it was already loaded, else undefined (never loads). */
export function runtimeModuleIfLoaded(name) {
  return loaded[name];
}

/**
 * Defines `names` on `global` as accessors that load module `module` on first read and then turn
 * into ordinary data properties (writable, configurable, non-enumerable, like WebIDL interfaces).
 * Assigning to one before it is read replaces it without loading anything.
 */
export function defineLazyGlobals(global, module, names) {
  for (const name of names) {
    Object.defineProperty(global, name, {
      configurable: true,
      enumerable: false,
      get() {
        const m = runtimeModule(module);
        for (const n of names) {
          const d = Object.getOwnPropertyDescriptor(global, n);
          if (d && d.get) defineValue(global, n, m[n]); // keep values the program already assigned
        }
        return m[name];
      },
      set(value) {
        defineValue(global, name, value);
      },
    });
  }
}

function defineValue(global, name, value) {
  Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
}
