package io.w7s.host.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * CommonJS modules of npm packages, served to GraalJS as ES modules. The original code becomes the body
 * of a function {@code (exports, require, module, __filename, __dirname, global)}, run once, lazily, the
 * first time the module is imported or required; {@code module.exports} is the default export, and the
 * names assigned as {@code exports.x = …} are also named exports (a snapshot). Each
 * {@code require("literal")} was resolved at deploy time and becomes a static
 * {@code import * as … from "./relative/path.js"} of the shim, so require() needs no file system at run
 * time and cycles between CommonJS modules behave as in Node (the second one sees the partial exports).
 * The shim is prepended to the first line, so line numbers stay those of the original file.
 *
 * <p>Limits: the code runs in strict mode (an ES module); {@code require(variable)} throws; Node.js
 * built-ins and missing optional packages throw "Cannot find module" when required, not at deploy.
 */
final class CommonJs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommonJs() {
    }

    static boolean inNodeModules(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    /** "./x/y.js" or "../y.js": {@code target} relative to the folder of {@code importer}. */
    static String relativeSpecifier(Path importer, Path target) {
        String relative = ModuleException.slashes(importer.getParent().relativize(target));
        return relative.startsWith("../") ? relative : "./" + relative;
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The module GraalJS gets for a CommonJS file: its {@link #shim}, offering as named exports the names it
     * assigns and, for each {@code module.exports = require("x")}, those of x (React's entry is such a module).
     *
     * @param graph every module of the graph as loaded, to follow those re-exports
     */
    static CompiledModule linked(Path root, Path file, LoadedModule module, Map<Path, LoadedModule> graph) {
        CompiledModule compiled = module.compiled();
        String code = shim(root, file, compiled.code(), module.targets(), exportNames(file, graph, new HashSet<>()));
        return new CompiledModule(code, null, compiled.imports(), List.of(), true, compiled.commonJsExports());
    }

    /** The names {@code file} offers (see {@link #linked}), following re-exports through chains and cycles. */
    private static Set<String> exportNames(Path file, Map<Path, LoadedModule> graph, Set<Path> seen) {
        Set<String> names = new TreeSet<>();
        LoadedModule module = graph.get(file);
        if (!seen.add(file) || module == null || !module.compiled().commonJs()) {
            return names;
        }
        for (String name : module.compiled().commonJsExports()) {
            if (!name.startsWith(ImportScanner.REEXPORT)) {
                names.add(name);
                continue;
            }
            String specifier = name.substring(ImportScanner.REEXPORT.length());
            module.targets().forEach((ref, target) -> {
                if (ref.require() && ref.specifier().equals(specifier) && target instanceof Path path) {
                    names.addAll(exportNames(path, graph, seen));
                }
            });
        }
        return names;
    }

    /**
     * The ES module served for a CommonJS file.
     *
     * @param targets each require() of the file: the real path it resolved to, or (String) why it did not
     * @param exportNames the names offered as named exports
     */
    private static String shim(Path root, Path file, String code, Map<ImportRef, Object> targets, Collection<String> exportNames) {
        List<String> names = List.copyOf(exportNames);
        String filename = "/" + ModuleException.slashes(root.relativize(file));
        String dirname = filename.substring(0, filename.lastIndexOf('/'));
        if (dirname.isEmpty()) dirname = "/";
        StringBuilder out = new StringBuilder();
        StringBuilder cases = new StringBuilder();
        Map<String, Object> bySpecifier = new LinkedHashMap<>();
        targets.forEach((ref, target) -> bySpecifier.putIfAbsent(ref.specifier(), target));
        int n = 0;
        for (Map.Entry<String, Object> entry : bySpecifier.entrySet()) {
            cases.append("case ").append(quote(entry.getKey())).append(": ");
            if (entry.getValue() instanceof Path target) {
                String name = "__w7s_r" + n++;
                boolean json = target.getFileName().toString().endsWith(".json");
                out.append("import * as ").append(name).append(" from ").append(quote(relativeSpecifier(file, target)))
                        .append(json ? " with { type: \"json\" }; " : "; ");
                cases.append("return ").append(json ? name + ".default" : "__w7s_load(" + name + ")").append("; ");
            } else {
                cases.append("throw new Error(").append(quote("Cannot find module '" + entry.getKey() + "' (required from "
                        + filename + "): " + entry.getValue())).append("); ");
            }
        }
        out.append("var __w7s_m; ")
                .append("export function __w7s_cjs() { if (__w7s_m === undefined) { __w7s_m = { exports: {} }; ")
                .append("__w7s_body.call(__w7s_m.exports, __w7s_m.exports, __w7s_require, __w7s_m, ")
                .append(quote(filename)).append(", ").append(quote(dirname)).append(", globalThis); } return __w7s_m.exports; } ")
                .append("function __w7s_load(ns) { return typeof ns.__w7s_cjs === \"function\" ? ns.__w7s_cjs() : ns; } ")
                .append("function __w7s_require(id) { switch (id) { ").append(cases)
                .append("} throw new Error(\"require(\" + JSON.stringify(id) + \") in ").append(filename.replace("\"", "\\\""))
                .append(": only require() calls with a string literal, resolved at deploy time, are supported\"); } ")
                .append("function __w7s_body(exports, require, module, __filename, __dirname, global) {");
        out.append(code.startsWith("#!") ? "//" + code.substring(2) : code);
        out.append("\n}\nconst __w7s_exports = __w7s_cjs();\nexport default __w7s_exports;\n");
        // Named exports: a snapshot of the properties assigned as exports.x, taken when the module has run.
        for (int i = 0; i < names.size(); i++) {
            out.append("const __w7s_e").append(i).append(" = __w7s_exports == null ? undefined : __w7s_exports.").append(names.get(i))
                    .append("; export { __w7s_e").append(i).append(" as ").append(names.get(i)).append(" };\n");
        }
        return out.toString();
    }
}
