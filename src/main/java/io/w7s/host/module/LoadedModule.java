package io.w7s.host.module;

import java.util.Map;

/**
 * One module of a graph being loaded, as compiled and before it is linked, with what each of its imports
 * resolved to: a real Path, or (a String) why it did not. What the steps after resolution
 * ({@link PackageBundler}, {@link CommonJs#exportNames}) work from.
 */
record LoadedModule(CompiledModule compiled, Map<ImportRef, Object> targets) {
}
