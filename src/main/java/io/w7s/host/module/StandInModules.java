package io.w7s.host.module;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Modules the graph serves in place of something that is no file of the app: the empty module a
 * {@code package.json} "browser" field maps a file or package to ({@code false}), and a Node.js built-in
 * imported only through {@code import("node:fs")}, which must not stop the deploy (the code may never run
 * it) but must fail clearly when it does run. They live at made-up paths in a folder of the app's
 * node_modules that npm never writes, so GraalJS loads them like any module of the graph. One instance
 * per graph load.
 */
final class StandInModules {
    private static final String FOLDER = "node_modules/.w7s-stand-ins";
    /** Also a CommonJS module for the shim's require() (see {@link CommonJs}): both give the same empty object. */
    private static final String EMPTY_CODE =
            "const empty = {};\nexport default empty;\nexport function __w7s_cjs() { return empty; }\n";

    private final Path dir;
    private final Map<Path, CompiledModule> modules = new HashMap<>();

    StandInModules(Path root) {
        this.dir = root.resolve(FOLDER);
    }

    /** The module a "browser" field's {@code false} stands for: {@code {}} as default export and as module.exports. */
    Path empty() {
        return add("empty.js", EMPTY_CODE);
    }

    /** A module that throws, when it is evaluated, that {@code specifier} (a Node.js built-in) is not available. */
    Path unavailableNodeBuiltin(String specifier) {
        String message = "Cannot import '" + specifier + "': it is a Node.js built-in module, and Node.js built-ins are not"
                + " available on W7S (use Web APIs: fetch, crypto.subtle, streams...)";
        String code = "const error = new Error(" + CommonJs.quote(message) + ");\n"
                + "error.code = \"ERR_MODULE_NOT_FOUND\";\nthrow error;\nexport {};\n";
        return add("node-builtin-" + specifier.replaceAll("[^A-Za-z0-9_-]", "_") + ".js", code);
    }

    /** The stand-in at {@code path}, or null when {@code path} is a real file. */
    CompiledModule get(Path path) {
        return modules.get(path);
    }

    private Path add(String name, String code) {
        Path path = dir.resolve(name);
        modules.computeIfAbsent(path, p -> new CompiledModule(code, null, List.of()));
        return path;
    }
}
