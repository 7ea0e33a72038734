package io.w7s.host.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides which file an import specifier names, confined to the app folder.
 * Relative specifiers ("./x", "../x") are resolved like TypeScript/bundlers do: with or without extension,
 * "./x.js" may name "x.ts", folders resolve to their index file. Bare specifiers ("hono", "#x") are
 * resolved from the app's node_modules by {@link PackageResolver}.
 */
final class ModuleResolver {
    private static final List<String> EXTENSIONS = List.of(".ts", ".tsx", ".mts", ".js", ".jsx", ".mjs");
    private static final List<String> INDEX_FILES = List.of("/index.ts", "/index.tsx", "/index.js", "/index.jsx", "/index.mjs");

    private final Path root; // real path of the app folder
    private final StandInModules standIns;
    private final PackageJsonFiles packageJsons;
    private final PackageResolver packages;
    /**
     * Relative imports resolved so far in this graph load: the normalized target (and whether require()
     * asked) → the file. A module imported from many others (a package's shared helpers) is looked up on
     * disk once instead of once per importer.
     */
    private final Map<String, Path> relativeTargets = new HashMap<>();

    ModuleResolver(Path realRoot) {
        this.root = realRoot;
        this.standIns = new StandInModules(realRoot);
        this.packageJsons = new PackageJsonFiles(realRoot);
        this.packages = new PackageResolver(realRoot, standIns, packageJsons);
    }

    /** A .js file inside node_modules whose nearest package.json does not say "type": "module" (one that cannot be read counts as CommonJS). */
    boolean mayBeCommonJs(Path file) {
        if (!CommonJs.inNodeModules(root, file) || !file.getFileName().toString().endsWith(".js")) {
            return false;
        }
        return packageJsons.nearestFolder(file.getParent())
                .map(packageJsons::in)
                .map(parsed -> parsed.error() != null || !"module".equals(parsed.tree().path("type").asText()))
                .orElse(true);
    }

    /** The module served at {@code path} when it is a stand-in ({@link StandInModules}), not a file; else null. */
    CompiledModule standIn(Path path) {
        return standIns.get(path);
    }

    /** The real path of the module {@code ref} names, imported by {@code importer} (a real path in the app). */
    Path resolve(Path importer, ImportRef ref) throws ModuleException {
        String spec = ref.specifier();
        if (spec.startsWith("./") || spec.startsWith("../") || spec.equals(".") || spec.equals("..")) {
            return resolveRelative(importer, ref);
        }
        if (spec.startsWith("/") || spec.startsWith("\\") || spec.matches("^[A-Za-z]:[\\\\/].*")) {
            throw error(importer, ref, "absolute import paths are not allowed: '" + spec + "'; import files of the app with './' or '../'");
        }
        if (spec.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !spec.startsWith("node:")) {
            throw error(importer, ref, "URL imports are not supported: '" + spec + "'");
        }
        return resolveBare(importer, ref);
    }

    private Path resolveBare(Path importer, ImportRef ref) throws ModuleException {
        try {
            return packages.resolve(importer, ref.specifier(), ref.require());
        } catch (PackageResolver.NodeBuiltin e) {
            if (ref.dynamic()) {
                // import("node:fs") may sit in a branch that never runs on Workers: fail when it runs, not at deploy.
                return standIns.unavailableNodeBuiltin(ref.specifier());
            }
            throw error(importer, ref, e.getMessage());
        } catch (PackageResolver.Unresolved e) {
            throw error(importer, ref, e.getMessage() + jsxRuntimeHint(importer, ref.specifier()));
        }
    }

    /** The JSX runtime import is not in the source: say where it comes from. */
    private static String jsxRuntimeHint(Path importer, String specifier) {
        if (!SourceKind.hasJsx(importer) || !(specifier.endsWith("/jsx-runtime") || specifier.endsWith("/jsx-dev-runtime"))) {
            return "";
        }
        return " (the JSX runtime, imported for the JSX of this file as compilerOptions.jsx and jsxImportSource in "
                + TsConfig.FILE + " say)";
    }

    private Path resolveRelative(Path importer, ImportRef ref) throws ModuleException {
        Path target = importer.getParent().resolve(ref.specifier()).normalize();
        if (!target.startsWith(root)) {
            throw error(importer, ref, "import '" + ref.specifier() + "' leaves the app folder");
        }
        String key = ref.require() ? target + "\0require" : target.toString();
        Path known = relativeTargets.get(key);
        if (known != null) {
            return known;
        }
        Path found = findRelative(importer, ref, target);
        relativeTargets.put(key, found);
        return found;
    }

    private Path findRelative(Path importer, ImportRef ref, Path target) throws ModuleException {
        List<Path> tried = candidates(target);
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate)) {
                Path real;
                try {
                    real = candidate.toRealPath();
                } catch (IOException e) {
                    throw error(importer, ref, "cannot read '" + ref.specifier() + "': " + e.getMessage());
                }
                if (!real.startsWith(root)) {
                    throw error(importer, ref, "import '" + ref.specifier() + "' leaves the app folder (through a symbolic link)");
                }
                if (SourceKind.of(real) == null) {
                    throw error(importer, ref, "import '" + ref.specifier() + "' names " + real.getFileName()
                            + ", which is not a " + SourceKind.EXTENSIONS + " file");
                }
                try {
                    return packages.browserReplacement(real, ref.require());
                } catch (PackageResolver.Unresolved e) {
                    throw error(importer, ref, e.getMessage());
                }
            }
        }
        List<String> looked = new ArrayList<>();
        for (Path candidate : tried) {
            looked.add(asSpecifier(importer.getParent(), candidate));
        }
        throw error(importer, ref, "cannot resolve import '" + ref.specifier() + "' (looked for " + String.join(", ", looked) + ")");
    }

    /**
     * The files a normalized import target may name, in order of preference. Shared with the runtime
     * file system so GraalJS resolves exactly like the deploy-time check.
     */
    static List<Path> candidates(Path target) {
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        List<Path> result = new ArrayList<>();
        if (name.endsWith(".json") || name.endsWith(".ts") || name.endsWith(".tsx") || name.endsWith(".mts")
                || name.endsWith(".cts") || name.endsWith(".cjs")) {
            result.add(target);
            return result;
        }
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        // TS convention: "./x.js" names "x.ts" (or "x.tsx") when only the TypeScript source exists.
        if (name.endsWith(".js")) {
            result.add(target);
            result.add(target.resolveSibling(stem + ".ts"));
            result.add(target.resolveSibling(stem + ".tsx"));
            return result;
        }
        if (name.endsWith(".jsx") || name.endsWith(".mjs")) {
            result.add(target);
            result.add(target.resolveSibling(stem + (name.endsWith(".mjs") ? ".mts" : ".tsx")));
            return result;
        }
        for (String extension : EXTENSIONS) {
            result.add(target.resolveSibling(name + extension));
        }
        for (String index : INDEX_FILES) {
            result.add(target.resolve(index.substring(1)));
        }
        return result;
    }

    /** The first candidate accepted by {@code exists}, or null. */
    static Path firstExisting(Path target, Predicate<Path> exists) {
        for (Path candidate : candidates(target)) {
            if (exists.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private ModuleException error(Path importer, ImportRef ref, String reason) {
        return new ModuleException(root.relativize(importer), ref.line(), ref.column(), reason);
    }

    private static String asSpecifier(Path dir, Path candidate) {
        String relative = ModuleException.slashes(dir.relativize(candidate));
        return relative.startsWith("../") ? relative : "./" + relative;
    }
}
