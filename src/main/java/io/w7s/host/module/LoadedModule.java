package io.w7s.host.module;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One module of a graph being loaded, as compiled and before it is linked, with what each of its imports
 * resolved to: a real Path, or (a String) why it did not. What the steps after resolution
 * ({@link PackageBundler}, {@link CommonJs#linked}) work from.
 */
record LoadedModule(CompiledModule compiled, Map<ImportRef, Object> targets) {
    /** The file each import specifier resolved to (imports that did not resolve are left out). */
    Map<String, Path> filesBySpecifier() {
        Map<String, Path> files = new HashMap<>();
        targets.forEach((ref, target) -> {
            if (target instanceof Path path) {
                files.put(ref.specifier(), path);
            }
        });
        return files;
    }
}
