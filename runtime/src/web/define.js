// Property helpers for the runtime's module-level set-up.
// Why functions: esbuild puts all module-level code into one bootstrap function that runs once per
// isolate. Loops in it count towards that function's compilation threshold, and after a few
// isolates GraalJS spent ~16 s compiling the whole bootstrap on the one compiler thread (delaying
// the hot request path). A loop inside a small function only makes that small function hot.

/** Marks the named own properties of `target` enumerable (WebIDL: operations and attributes are). */
export function enumerable(target, names) {
  for (const name of names) Object.defineProperty(target, name, { enumerable: true });
}

/** Defines each key of `values` as an enumerable constant on every target. */
export function constants(targets, values) {
  for (const [key, value] of Object.entries(values)) {
    for (const target of targets) Object.defineProperty(target, key, { value, enumerable: true });
  }
}
