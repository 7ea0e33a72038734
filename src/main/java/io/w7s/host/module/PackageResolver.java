package io.w7s.host.module;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves bare specifiers ("hono", "hono/cors", "@scope/pkg/sub", "#internal") to files of the app's
 * {@code node_modules}, like Node.js does, but never outside the app folder:
 * <ul>
 * <li>the package folder is searched in {@code node_modules} of the importing file's folder, then of
 *     each parent folder up to the app root (so nested {@code node_modules} work);</li>
 * <li>the entry comes from {@code package.json}: {@code exports} (string, subpath map, conditions,
 *     nested conditions, {@code "./*"} patterns), else {@code module} (for import only), {@code main},
 *     {@code index.js}; a subpath without {@code exports} names a file of the package;</li>
 * <li>conditions are tried in the order of {@link #IMPORT_CONDITIONS} (or {@link #REQUIRE_CONDITIONS}
 *     for require() calls), whatever their order in the object;</li>
 * <li>{@code "#x"} specifiers use the {@code imports} map of the importing file's package.json;</li>
 * <li>a package's {@code "browser"} field ({@link BrowserField}) maps the modules its files import, its
 *     files (also those reached by relative imports, see {@link #browserReplacement}), and replaces
 *     {@code main}; but an entry that {@code exports} gave is taken as is: its conditions already chose.</li>
 * </ul>
 */
final class PackageResolver {
    static final List<String> IMPORT_CONDITIONS = List.of("workerd", "worker", "browser", "import", "default");
    static final List<String> REQUIRE_CONDITIONS = List.of("workerd", "worker", "browser", "require", "default");
    private static final String EXCLUDED = "\0excluded"; // a null target: explicitly not exported
    private static final Set<String> BUILTINS = Set.of("assert", "async_hooks", "buffer", "child_process",
            "cluster", "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns", "domain", "events",
            "fs", "http", "http2", "https", "inspector", "module", "net", "os", "path", "perf_hooks", "process",
            "punycode", "querystring", "readline", "repl", "stream", "string_decoder", "sys", "timers", "tls",
            "trace_events", "tty", "url", "util", "v8", "vm", "wasi", "worker_threads", "zlib");

    /** Why a specifier does not resolve; the caller adds the importing file's position. */
    static class Unresolved extends Exception {
        Unresolved(String message) {
            super(message);
        }
    }

    /** The specifier names a Node.js built-in module (and no installed package of that name). */
    static final class NodeBuiltin extends Unresolved {
        NodeBuiltin(String specifier) {
            super("'" + specifier + "' is a Node.js built-in module; W7S does not provide Node.js built-ins");
        }
    }

    private final Path root; // real path of the app folder
    private final StandInModules standIns;
    private final PackageJsonFiles packageJsons;
    private final Map<Path, BrowserField> browserFields = new HashMap<>(); // package folder -> its "browser" field

    PackageResolver(Path realRoot, StandInModules standIns, PackageJsonFiles packageJsons) {
        this.root = realRoot;
        this.standIns = standIns;
        this.packageJsons = packageJsons;
    }

    /** The real path of the file {@code specifier} names when imported (or required) from {@code importer}. */
    Path resolve(Path importer, String specifier, boolean require) throws Unresolved {
        Path importingPackage = packageFolder(importer);
        if (importingPackage != null) {
            String mapped = browserField(importingPackage).forModule(specifier);
            if (mapped != null) { // before the built-ins: "fs": false is the field's most common use
                return browserTarget(importingPackage, mapped, "\"" + specifier + "\"", require);
            }
        }
        if (specifier.startsWith("node:")) {
            throw new NodeBuiltin(specifier);
        }
        if (specifier.startsWith("#")) {
            return resolveImportsField(importer, specifier, require);
        }
        return resolvePackage(importer.getParent(), specifier, require);
    }

    private Path resolvePackage(Path fromDir, String specifier, boolean require) throws Unresolved {
        String[] parts = specifier.split("/", -1);
        int nameParts = specifier.startsWith("@") ? 2 : 1;
        if (parts.length < nameParts || parts[0].isEmpty() || (nameParts == 2 && parts[1].isEmpty())
                || specifier.contains("\\") || List.of(parts).contains("..") || List.of(parts).contains(".")) {
            throw new Unresolved("invalid package specifier '" + specifier + "'");
        }
        String name = nameParts == 2 ? parts[0] + "/" + parts[1] : parts[0];
        String subpath = specifier.length() == name.length() ? "." : "." + specifier.substring(name.length());
        Path packageDir = findPackage(fromDir, name);
        if (packageDir == null) {
            if (BUILTINS.contains(name)) {
                throw new NodeBuiltin(specifier);
            }
            throw new Unresolved("cannot find package '" + name + "'" + (subpath.equals(".") ? "" : " (imported as '" + specifier + "')")
                    + ": no node_modules/" + name + " in the importing file's folder or any parent folder of the app"
                    + "; run `npm install " + name + "` in the app folder");
        }
        JsonNode manifest = manifest(packageDir);
        String where = relative(packageDir.resolve("package.json"));
        JsonNode exports = manifest.path("exports");
        if (!exports.isMissingNode() && !exports.isNull()) {
            String target = exportsTarget(exports, subpath, conditions(require), name, where);
            if (target == null || target.equals(EXCLUDED)) {
                throw new Unresolved("package '" + name + "' does not export '" + subpath + "'"
                        + " (\"exports\" in " + where + " has no entry for it with conditions "
                        + String.join(", ", conditions(require)) + ")");
            }
            return exactFile(packageDir, target, name, specifier);
        }
        if (subpath.equals(".")) {
            String browserMain = browserField(packageDir).main();
            if (browserMain != null) {
                Path found = probe(packageDir, browserMain, name);
                if (found == null) {
                    throw new Unresolved("package '" + name + "': \"browser\": \"" + browserMain + "\" in " + where + " names no file");
                }
                return found;
            }
            List<String> fields = require ? List.of("main") : List.of("module", "main");
            for (String field : fields) {
                JsonNode value = manifest.path(field);
                if (value.isTextual() && !value.asText().isBlank()) {
                    Path found = probe(packageDir, value.asText(), name);
                    if (found != null) {
                        return browserReplacement(found, require);
                    }
                    throw new Unresolved("package '" + name + "': \"" + field + "\": \"" + value.asText()
                            + "\" in " + where + " names no file");
                }
            }
            Path index = probe(packageDir, "./index.js", name);
            if (index == null) {
                throw new Unresolved("package '" + name + "' has no entry: " + where
                        + " has no \"exports\", \"module\" or \"main\" and there is no index.js");
            }
            return browserReplacement(index, require);
        }
        Path found = probe(packageDir, subpath, name);
        if (found == null) {
            throw new Unresolved("cannot resolve '" + specifier + "': no file " + relative(packageDir.resolve(subpath).normalize())
                    + " (with .js, .cjs, .mjs, .json or /index.js)");
        }
        return browserReplacement(found, require);
    }

    /**
     * {@code file} (a real path), or what the "browser" field of its package maps it to. Also called by
     * {@link ModuleResolver} for relative imports, which reach a package's files without their package name.
     */
    Path browserReplacement(Path file, boolean require) throws Unresolved {
        Path packageDir = packageFolder(file);
        if (packageDir == null) {
            return file;
        }
        String relativeFile = ModuleException.slashes(packageDir.relativize(file));
        String mapped = browserField(packageDir).forFile(relativeFile);
        return mapped == null ? file : browserTarget(packageDir, mapped, "\"./" + relativeFile + "\"", require);
    }

    /** A "browser" field target: the empty module ({@code false}), a file of the package, or another package. */
    private Path browserTarget(Path packageDir, String target, String key, boolean require) throws Unresolved {
        if (target.equals(BrowserField.EMPTY)) {
            return standIns.empty();
        }
        String where = relative(packageDir.resolve("package.json"));
        if (target.startsWith("./")) {
            Path found = probe(packageDir, target, where);
            if (found == null) {
                throw new Unresolved("\"browser\" in " + where + " maps " + key + " to '" + target + "', which names no file");
            }
            return found;
        }
        return resolvePackage(packageDir, target, require);
    }

    private BrowserField browserField(Path packageDir) throws Unresolved {
        BrowserField field = browserFields.get(packageDir);
        if (field == null) {
            field = BrowserField.of(manifest(packageDir));
            browserFields.put(packageDir, field);
        }
        return field;
    }

    /** The folder of the installed package {@code file} belongs to (node_modules/name or node_modules/@scope/name); null outside node_modules. */
    private Path packageFolder(Path file) {
        Path relativePath = root.relativize(file);
        int last = -1;
        for (int i = 0; i < relativePath.getNameCount(); i++) {
            if (relativePath.getName(i).toString().equals("node_modules")) {
                last = i;
            }
        }
        int nameParts = last >= 0 && last + 1 < relativePath.getNameCount() && relativePath.getName(last + 1).toString().startsWith("@") ? 2 : 1;
        if (last < 0 || last + nameParts >= relativePath.getNameCount()) {
            return null; // not inside node_modules, or the file is node_modules/x.js itself
        }
        return root.resolve(relativePath.subpath(0, last + nameParts + 1));
    }

    private Path resolveImportsField(Path importer, String specifier, boolean require) throws Unresolved {
        Path dir = packageJsons.nearestFolder(importer.getParent()).orElse(null);
        if (dir == null) {
            throw new Unresolved("'" + specifier + "': no package.json with an \"imports\" field above the importing file");
        }
        String where = relative(dir.resolve("package.json"));
        JsonNode imports = manifest(dir).path("imports");
        String target = imports.isObject() ? mapTarget(imports, specifier, conditions(require), true) : null;
        if (target == null || target.equals(EXCLUDED)) {
            throw new Unresolved("'" + specifier + "' is not defined in \"imports\" of " + where);
        }
        if (!target.startsWith("./")) {
            return resolvePackage(dir, target, require); // "#dep": "some-package"
        }
        return exactFile(dir, target, where, specifier);
    }

    private static List<String> conditions(boolean require) {
        return require ? REQUIRE_CONDITIONS : IMPORT_CONDITIONS;
    }

    /** The target ("./dist/x.js") that {@code exports} gives {@code subpath}; null if none, EXCLUDED if null. */
    private static String exportsTarget(JsonNode exports, String subpath, List<String> conditions, String name, String where) throws Unresolved {
        boolean subpathKeys = false;
        boolean conditionKeys = false;
        if (exports.isObject()) {
            for (Iterator<String> keys = exports.fieldNames(); keys.hasNext(); ) {
                if (keys.next().startsWith(".")) subpathKeys = true; else conditionKeys = true;
            }
        }
        if (subpathKeys && conditionKeys) {
            throw new Unresolved("package '" + name + "': \"exports\" in " + where + " mixes subpaths and conditions");
        }
        if (!subpathKeys) { // "exports": "./x.js" | [...] | { "import": …, "default": … } is the "." entry
            return subpath.equals(".") ? target(exports, "", conditions, false) : null;
        }
        return mapTarget(exports, subpath, conditions, false);
    }

    /** Looks {@code key} up in a subpath map ("exports" or "imports"): exact key, then the best "*" pattern, then "dir/" prefixes. */
    private static String mapTarget(JsonNode map, String key, List<String> conditions, boolean allowBare) {
        if (!key.contains("*") && map.has(key)) {
            return target(map.get(key), "", conditions, allowBare);
        }
        String bestKey = null;
        String bestMatch = null;
        for (Iterator<String> keys = map.fieldNames(); keys.hasNext(); ) {
            String pattern = keys.next();
            int star = pattern.indexOf('*');
            if (star < 0 || pattern.indexOf('*', star + 1) >= 0) {
                continue;
            }
            String prefix = pattern.substring(0, star);
            String suffix = pattern.substring(star + 1);
            if (key.startsWith(prefix) && !key.equals(prefix) && key.length() >= pattern.length() - 1 && key.endsWith(suffix)
                    && (bestKey == null || comparePatterns(pattern, bestKey) < 0)) {
                bestKey = pattern;
                bestMatch = key.substring(prefix.length(), key.length() - suffix.length());
            }
        }
        if (bestKey != null) {
            return target(map.get(bestKey), bestMatch, conditions, allowBare);
        }
        for (Iterator<String> keys = map.fieldNames(); keys.hasNext(); ) { // legacy folder mappings: "./": "./"
            String folder = keys.next();
            if (folder.endsWith("/") && key.startsWith(folder)) {
                String base = target(map.get(folder), "", conditions, allowBare);
                return base == null || base.equals(EXCLUDED) ? base : base + key.substring(folder.length());
            }
        }
        return null;
    }

    /** Node's PATTERN_KEY_COMPARE: the longer prefix wins, then the longer key. */
    private static int comparePatterns(String a, String b) {
        int prefixA = a.indexOf('*');
        int prefixB = b.indexOf('*');
        if (prefixA != prefixB) return prefixA > prefixB ? -1 : 1;
        return Integer.compare(b.length(), a.length());
    }

    private static String target(JsonNode node, String match, List<String> conditions, boolean allowBare) {
        if (node == null || node.isNull()) {
            return EXCLUDED;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (!text.startsWith("./") && !(allowBare && !text.startsWith("/") && !text.startsWith("../") && !text.contains(":"))) {
                return null; // invalid target
            }
            return text.replace("*", match);
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                String resolved = target(item, match, conditions, allowBare);
                if (resolved != null) {
                    return resolved;
                }
            }
            return null;
        }
        if (node.isObject()) {
            for (String condition : conditions) {
                if (node.has(condition)) {
                    String resolved = target(node.get(condition), match, conditions, allowBare);
                    if (resolved != null) {
                        return resolved;
                    }
                }
            }
        }
        return null;
    }

    /** The folder node_modules/{name} in {@code fromDir} or its parents, never above the app root. */
    private Path findPackage(Path fromDir, String name) throws Unresolved {
        Path dir = fromDir;
        while (dir != null && dir.startsWith(root)) {
            if (dir.getFileName() == null || !dir.getFileName().toString().equals("node_modules")) {
                Path candidate = dir.resolve("node_modules").resolve(name);
                if (Files.isDirectory(candidate)) {
                    Path real;
                    try {
                        real = candidate.toRealPath();
                    } catch (IOException e) {
                        throw new Unresolved("cannot read package '" + name + "': " + e.getMessage());
                    }
                    if (!real.startsWith(root)) {
                        throw new Unresolved("package '" + name + "' links outside the app folder (" + relative(candidate) + ")");
                    }
                    return real;
                }
            }
            if (dir.equals(root)) {
                break;
            }
            dir = dir.getParent();
        }
        return null;
    }

    private JsonNode manifest(Path packageDir) throws Unresolved {
        PackageJsonFiles.Parsed parsed = packageJsons.in(packageDir);
        if (parsed.error() != null) {
            throw new Unresolved(parsed.error());
        }
        return parsed.tree();
    }

    /** A file named exactly by an "exports"/"imports" target. */
    private Path exactFile(Path base, String target, String name, String specifier) throws Unresolved {
        Path file = base.resolve(target).normalize();
        if (!file.startsWith(base)) {
            throw new Unresolved("'" + specifier + "': target '" + target + "' of " + name + " leaves the package");
        }
        if (!Files.isRegularFile(file)) {
            throw new Unresolved("'" + specifier + "' resolves to " + relative(file) + ", which does not exist");
        }
        return real(file, specifier);
    }

    /** A file named loosely ("main": "lib/index", subpaths without "exports"): tries extensions and index files. */
    private Path probe(Path packageDir, String path, String name) throws Unresolved {
        Path target = packageDir.resolve(path).normalize();
        if (!target.startsWith(packageDir)) {
            throw new Unresolved("'" + path + "' leaves package '" + name + "'");
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(target);
        String file = target.getFileName() == null ? "" : target.getFileName().toString();
        for (String extension : List.of(".js", ".cjs", ".mjs", ".json")) {
            candidates.add(target.resolveSibling(file + extension));
        }
        for (String index : List.of("index.js", "index.cjs", "index.mjs", "index.json")) {
            candidates.add(target.resolve(index));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && SourceKind.of(candidate) != null) {
                return real(candidate, path);
            }
        }
        return null;
    }

    private Path real(Path file, String specifier) throws Unresolved {
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(root)) {
                throw new Unresolved("'" + specifier + "' leaves the app folder (through a symbolic link)");
            }
            if (SourceKind.of(real) == null) {
                throw new Unresolved("'" + specifier + "' names " + relative(real) + ", which is not a " + SourceKind.EXTENSIONS + " file");
            }
            return real;
        } catch (IOException e) {
            throw new Unresolved("cannot read " + relative(file) + ": " + e.getMessage());
        }
    }

    private String relative(Path path) {
        return ModuleException.slashes(root.relativize(path));
    }
}
