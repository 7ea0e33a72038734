package io.w7s.host.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Combines each large npm package of a module graph that is made of plain ES modules, and that the rest of
 * the graph reaches through one file, into one module with esbuild, at deploy time: GraalJS parses and
 * links one large source several times faster than hundreds of small ones (BENCHMARKS.md, "Large packages
 * combined").
 *
 * <p>Semantics stay those of the separate modules: nothing is dropped (no tree shaking), names are kept
 * ({@code --keep-names}), the module keeps the path of the file it replaces, esbuild's scope hoisting keeps
 * the order in which the package's modules run (other packages it imports now run before all of them, as
 * if imported first), and the graph's own resolution decides every import: each specifier is
 * rewritten to the exact file before esbuild sees it, imports of other packages stay imports. A package
 * is left as it is when anything could behave differently combined: CommonJS, TypeScript,
 * {@code import.meta}, dynamic {@code import()} or {@code require}, and a package reached through
 * several files (esbuild would split it into chunks, whose evaluation order is not always that of the
 * modules). Stack traces still name the original files, through the bundle's source map. When esbuild
 * is missing or fails, the package is loaded as separate modules, as before
 * ({@code -Dw7s.bundle-packages=false} turns this off).
 */
final class PackageBundler {
    private static final Logger LOG = Logger.getLogger(PackageBundler.class.getName());
    /** Below this, the modules a package saves do not pay for starting esbuild. */
    static final int MIN_MODULES = 50;
    private static final boolean ENABLED = !"false".equals(System.getProperty("w7s.bundle-packages"));
    private static final String EXTERNAL = "w7s-ext:";
    private static final Pattern EXTERNAL_SPECIFIER = Pattern.compile("\"" + EXTERNAL + "(\\d+)\"");
    private static final Pattern SOURCE_MAP_COMMENT = Pattern.compile("//# sourceMappingURL=\\S*\\s*$");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * esbuild's options besides entries and --outbase: no tree shaking and names kept (the code that runs
     * is the code written), other packages external, and nothing read from outside the temp folder.
     */
    private static final List<String> OPTIONS = List.of("--bundle", "--format=esm", "--outdir=w7s-out",
            "--tree-shaking=false", "--ignore-annotations", "--keep-names", "--external:" + EXTERNAL + "*", "--sourcemap=external", "--sources-content=false",
            "--metafile=w7s-meta.json", "--platform=neutral", "--target=esnext", "--charset=utf8",
            "--legal-comments=inline", "--log-level=error", "--tsconfig-raw={}");
    private PackageBundler() {
    }

    /** The graph's modules with the large packages combined, and the packages that were (app-relative folders). */
    record Result(Map<Path, CompiledModule> modules, List<String> combined) {
    }

    /**
     * @param linked the graph's modules by real path, as GraalJS would load them, entry first
     * @param inputs the same modules before linking (stand-ins have none)
     * @param disk   where combined packages are kept between runs; null for memory only
     */
    static Result bundle(Path root, Path entry, Map<Path, CompiledModule> linked, Map<Path, LoadedModule> inputs, CompileCache disk) {
        if (!ENABLED || !Esbuild.available()) {
            return new Result(linked, List.of());
        }
        Map<Path, List<Path>> packages = new LinkedHashMap<>();
        for (Path file : linked.keySet()) {
            Path pkg = packageFolder(root, file);
            if (pkg != null) {
                packages.computeIfAbsent(pkg, p -> new ArrayList<>()).add(file);
            }
        }
        Map<Path, CompiledModule> modules = linked;
        List<String> combined = new ArrayList<>();
        for (Map.Entry<Path, List<Path>> pkg : packages.entrySet()) {
            Set<Path> members = new HashSet<>(pkg.getValue());
            if (members.size() < MIN_MODULES || members.contains(entry)
                    || !members.stream().allMatch(file -> combinable(file, inputs.get(file)))) {
                continue;
            }
            Set<Path> entries = entriesOf(members, inputs);
            if (entries.size() != 1) {
                continue;
            }
            String name = ModuleException.slashes(root.relativize(pkg.getKey()));
            try {
                Map<Path, CompiledModule> outputs = combine(root, pkg.getKey(), members, entries, inputs, disk);
                if (outputs != null) {
                    modules = replaced(modules, members, outputs);
                    combined.add(name);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.INFO, name + " is loaded as " + members.size() + " separate modules: " + e.getMessage());
            }
        }
        return new Result(modules, combined);
    }

    /** The folder of the npm package holding {@code file} ("node_modules/x" or "node_modules/@s/x", the innermost), or null. */
    static Path packageFolder(Path root, Path file) {
        Path relative = root.relativize(file);
        int at = -1;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (relative.getName(i).toString().equals("node_modules")) {
                at = i;
            }
        }
        if (at < 0) {
            return null;
        }
        int end = relative.getName(at + 1).toString().startsWith("@") ? at + 3 : at + 2;
        return end < relative.getNameCount() ? root.resolve(relative.subpath(0, end)) : null;
    }

    private static boolean combinable(Path file, LoadedModule input) {
        if (input == null || input.compiled().commonJs() || input.compiled().sourceMap() != null) {
            return false;
        }
        String name = file.getFileName().toString();
        if (!name.endsWith(".js") && !name.endsWith(".mjs") && !name.endsWith(".json")) {
            return false; // JSON: its value is the module's default export, combined or not
        }
        for (Map.Entry<ImportRef, Object> target : input.targets().entrySet()) {
            if (target.getKey().dynamic() || target.getKey().require() || !(target.getValue() instanceof Path)) {
                return false;
            }
        }
        return !input.compiled().code().contains("import.meta");
    }

    /** The package's modules that modules outside it import (combined, the package is one of them). */
    private static Set<Path> entriesOf(Set<Path> members, Map<Path, LoadedModule> inputs) {
        Set<Path> entries = new HashSet<>();
        inputs.forEach((file, input) -> {
            if (!members.contains(file)) {
                for (Object target : input.targets().values()) {
                    if (target instanceof Path path && members.contains(path)) {
                        entries.add(path);
                    }
                }
            }
        });
        return entries;
    }

    /** The package's outputs by real path, or null when it is known not to combine. */
    private static Map<Path, CompiledModule> combine(Path root, Path pkg, Set<Path> members, Set<Path> entries,
                                                     Map<Path, LoadedModule> inputs, CompileCache disk) throws IOException {
        List<Path> sorted = members.stream().sorted().toList();
        String hash = key(root, pkg, sorted, entries, inputs);
        Map<Path, CompiledModule> relative = CombinedPackages.get(hash, disk);
        if (relative == CombinedPackages.NOT_COMBINED) {
            return null;
        }
        if (relative == null) {
            List<Path> externals = new ArrayList<>();
            Map<Path, String> codes = new LinkedHashMap<>();
            for (Path file : sorted) {
                codes.put(file, isolated(file, members, inputs.get(file), externals));
            }
            try {
                relative = run(root, pkg, codes, entries, externals);
            } catch (IOException | RuntimeException e) {
                CombinedPackages.notCombined(hash);
                throw e;
            }
            CombinedPackages.put(hash, relative, disk);
        }
        Map<Path, CompiledModule> combined = new LinkedHashMap<>();
        relative.forEach((path, module) -> combined.put(pkg.resolve(path.toString()), module));
        return combined;
    }

    /**
     * The cache key of a package: everything esbuild's output depends on (its version, the package's place
     * in the app, each module's code and which are entries, and the file each import site names), so the
     * same package in another app or after a restart is found without rewriting or running anything.
     */
    private static String key(Path root, Path pkg, List<Path> sorted, Set<Path> entries, Map<Path, LoadedModule> inputs) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Consumer<String> add = text -> {
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        };
        add.accept("esbuild-" + Esbuild.version() + " " + String.join(" ", OPTIONS));
        add.accept(ModuleException.slashes(root.relativize(pkg)));
        for (Path file : sorted) {
            LoadedModule input = inputs.get(file);
            add.accept(ModuleException.slashes(pkg.relativize(file)) + (entries.contains(file) ? "\0entry" : ""));
            add.accept(input.compiled().code());
            Map<String, Path> targets = input.filesBySpecifier();
            for (CompiledModule.Site site : input.compiled().sites()) {
                Path target = targets.get(site.specifier());
                add.accept(site.start() + ":" + site.end() + ":" + (target == null ? "" : ModuleException.slashes(root.relativize(target))));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The module's code with every import specifier made exact: the file's path relative to it inside the
     * package, and "w7s-ext:N" (N indexing {@code externals}) for a file outside, which esbuild keeps as an import.
     */
    private static String isolated(Path file, Set<Path> members, LoadedModule input, List<Path> externals) {
        Map<String, Path> targets = input.filesBySpecifier();
        StringBuilder code = new StringBuilder(input.compiled().code());
        List<CompiledModule.Site> sites = input.compiled().sites();
        for (int i = sites.size() - 1; i >= 0; i--) {
            CompiledModule.Site site = sites.get(i);
            Path target = targets.get(site.specifier());
            if (target == null) {
                throw new IllegalStateException("an import of " + file.getFileName() + " was not resolved: " + site.specifier());
            }
            String specifier;
            if (members.contains(target)) {
                specifier = CommonJs.relativeSpecifier(file, target);
            } else {
                int index = externals.indexOf(target);
                if (index < 0) {
                    index = externals.size();
                    externals.add(target);
                }
                specifier = EXTERNAL + index;
            }
            code.replace(site.start(), site.end(), CommonJs.quote(specifier));
        }
        return code.toString();
    }

    /** Runs esbuild on the package and returns its outputs by path relative to the package folder. */
    private static Map<Path, CompiledModule> run(Path root, Path pkg, Map<Path, String> codes, Set<Path> entries,
                                                 List<Path> externals) throws IOException {
        Path tmp = Files.createTempDirectory("w7s-bundle");
        try {
            // The package at its path in the app, so esbuild's "// node_modules/x/file.js" comments name the files.
            String inApp = ModuleException.slashes(root.relativize(pkg));
            Path in = tmp.resolve(inApp);
            // esbuild looks for package.json and tsconfig.json up from its inputs: this one ends the search
            // inside the temp folder (and --tsconfig-raw below), so no file elsewhere on the host changes the output.
            Files.writeString(tmp.resolve("package.json"), "{\"type\": \"module\"}");
            for (Map.Entry<Path, String> file : codes.entrySet()) {
                Path target = in.resolve(pkg.relativize(file.getKey()).toString());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            List<String> args = new ArrayList<>();
            entries.stream().sorted().forEach(entry -> args.add(inApp + "/" + ModuleException.slashes(pkg.relativize(entry))));
            args.add("--outbase=" + inApp);
            args.addAll(OPTIONS);
            Esbuild.run(tmp, args);
            JsonNode meta = JSON.readTree(tmp.resolve("w7s-meta.json").toFile());
            String prefix = inApp + "/";
            checkInputs(meta.path("inputs"), prefix);
            Map<Path, CompiledModule> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> output : meta.path("outputs").properties()) {
                String name = output.getKey();
                if (!name.endsWith(".js")) {
                    continue;
                }
                Path outFile = tmp.resolve(name);
                JsonNode entryPoint = output.getValue().get("entryPoint");
                if (entryPoint == null) {
                    throw new IllegalStateException("unexpected esbuild output " + name);
                }
                // The code takes the place of the module it came from (a .mjs entry comes out as .js).
                Path relative = Path.of(inPackage(entryPoint.asText(), prefix));
                String code = external(Files.readString(outFile, StandardCharsets.UTF_8), pkg.resolve(relative.toString()), externals);
                SourceMap map = SourceMap.withSources(Files.readString(tmp.resolve(name + ".map"), StandardCharsets.UTF_8),
                        source -> ModuleException.slashes(tmp.relativize(outFile.getParent().resolve(source).normalize())));
                outputs.put(relative, new CompiledModule(code, map, List.of()));
            }
            if (!outputs.keySet().containsAll(entries.stream().map(pkg::relativize).toList())) {
                throw new IllegalStateException("esbuild did not write every entry of the package");
            }
            return outputs;
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Every file esbuild read is one we wrote, and every import it kept is one of ours: else the package stays as it is. */
    private static void checkInputs(JsonNode inputs, String prefix) {
        for (Map.Entry<String, JsonNode> input : inputs.properties()) {
            inPackage(input.getKey(), prefix);
            for (JsonNode imported : input.getValue().path("imports")) {
                String path = imported.path("path").asText();
                String kind = imported.path("kind").asText();
                if (!kind.equals("import-statement")) {
                    throw new IllegalStateException(input.getKey() + " has an import of kind " + kind + ": " + path);
                }
                if (path.equals("<runtime>")) { // esbuild's own helpers (--keep-names)
                    continue;
                }
                if (imported.path("external").asBoolean() ? !path.startsWith(EXTERNAL) : !path.startsWith(prefix)) {
                    throw new IllegalStateException(input.getKey() + " imports " + path);
                }
            }
        }
    }

    /** A path esbuild names ("node_modules/x/a.js") relative to the package; throws when it is outside. */
    private static String inPackage(String esbuildPath, String prefix) {
        if (!esbuildPath.startsWith(prefix)) {
            throw new IllegalStateException("esbuild read " + esbuildPath + ", which is not part of the package");
        }
        return esbuildPath.substring(prefix.length());
    }

    /** {@code code} with each "w7s-ext:N" replaced by the relative path from {@code file} to that external module. */
    private static String external(String code, Path file, List<Path> externals) {
        Matcher m = EXTERNAL_SPECIFIER.matcher(SOURCE_MAP_COMMENT.matcher(code).replaceFirst(""));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String specifier = CommonJs.relativeSpecifier(file, externals.get(Integer.parseInt(m.group(1))));
            m.appendReplacement(out, Matcher.quoteReplacement(CommonJs.quote(specifier)));
        }
        m.appendTail(out);
        if (out.indexOf(EXTERNAL) >= 0) {
            throw new IllegalStateException("esbuild wrote an import of another package in a form the host does not know");
        }
        return out.toString();
    }

    /** {@code modules} with the package's members replaced: the entry by the combined code, the rest gone. */
    private static Map<Path, CompiledModule> replaced(Map<Path, CompiledModule> modules, Set<Path> members,
                                                      Map<Path, CompiledModule> combined) {
        Map<Path, CompiledModule> result = new LinkedHashMap<>();
        modules.forEach((path, module) -> {
            if (!members.contains(path)) {
                result.put(path, module);
            } else if (combined.containsKey(path)) {
                result.put(path, combined.get(path));
            }
        });
        return result;
    }
}
