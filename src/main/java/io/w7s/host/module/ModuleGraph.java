package io.w7s.host.module;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.FileSystem;

/**
 * An app's complete, validated module graph: the entry and every module it imports statically
 * (recursively), each already compiled to JavaScript. Built once per deployment; immutable and safe to
 * share between that deployment's contexts.
 *
 * <pre>{@code
 * ModuleGraph graph = ModuleGraph.load(appRoot, appRoot.resolve("src/index.ts"), compiler);
 * Context context = Context.newBuilder("js").engine(engine)
 *     .allowIO(IOAccess.newBuilder().fileSystem(graph.fileSystem()).build())
 *     .option("js.esm-eval-returns-exports", "true").build();
 * Value handler = context.eval(graph.entrySource()).getMember("default");
 * }</pre>
 */
public final class ModuleGraph {
    private static final String MODULE_MIME = "application/javascript+module";
    /**
     * Where GraalJS sees the app folder: at the root of its file system, so a module's path ("/src/index.ts",
     * "/node_modules/hono/dist/index.js") does not depend on where the folder is on the host. The same file
     * in two apps is then the same Source, parsed once for the engine; apps never see the host's paths
     * (CommonJS's {@code __filename} is rooted the same way).
     */
    static final Path APP_ROOT = Path.of("/");

    private final Path root;
    private final Path entry;
    private final Map<Path, CompiledModule> modules; // real path -> compiled, in load order
    private final Source entrySource;
    private final GraphFileSystem fileSystem;
    private final StackTraceMapper stackTraces;
    private final int fileCount;
    private final List<String> combinedPackages;

    private ModuleGraph(Path root, Path entry, Map<Path, CompiledModule> modules, int fileCount, List<String> combinedPackages) {
        this.root = root;
        this.entry = entry;
        this.modules = Collections.unmodifiableMap(modules);
        this.fileCount = fileCount;
        this.combinedPackages = List.copyOf(combinedPackages);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        Map<Path, CompiledModule> byAppPath = new LinkedHashMap<>();
        modules.forEach((path, module) -> {
            Path inApp = appPath(path);
            files.put(inApp, module.code().getBytes(StandardCharsets.UTF_8));
            byAppPath.put(inApp, module);
        });
        this.fileSystem = new GraphFileSystem(files);
        // The Source's path is the entry's path in the app: GraalJS resolves the entry's relative imports
        // against it, through fileSystem(), and uses it as the module's cache key.
        this.entrySource = Source.newBuilder("js", appPath(entry).toFile())
                .content(modules.get(entry).code())
                .mimeType(MODULE_MIME)
                .cached(true)
                .buildLiteral();
        this.stackTraces = new StackTraceMapper(byAppPath);
    }

    /** Where the source map of a compiled TypeScript module goes. */
    public enum SourceMaps {
        /** Kept beside the code, for the host's own stack traces and error positions (the default). */
        APART,
        /**
         * Also appended to the code as {@code //# sourceMappingURL=data:...} with the original text, so a
         * debugger (the Chrome inspector) shows the .ts file and maps breakpoints set in it.
         */
        INLINE
    }

    /**
     * Loads the entry and every statically imported module (recursively), compiling TS, and validates
     * that each import resolves inside the app folder.
     */
    public static ModuleGraph load(Path appRoot, Path entry, TypeScriptCompiler compiler) throws ModuleException {
        return load(appRoot, entry, compiler, SourceMaps.APART);
    }

    /** Same as {@link #load(Path, Path, TypeScriptCompiler)}, with the source maps of TypeScript modules where {@code sourceMaps} says. */
    public static ModuleGraph load(Path appRoot, Path entry, TypeScriptCompiler compiler, SourceMaps sourceMaps) throws ModuleException {
        Path root;
        try {
            root = appRoot.toRealPath();
        } catch (IOException e) {
            throw new ModuleException(Path.of("."), 1, 1, "app folder " + appRoot + " cannot be read: " + e);
        }
        Path entryFile = root.resolve(appRoot.toAbsolutePath().normalize().relativize(appRoot.resolve(entry).toAbsolutePath().normalize()));
        Path realEntry = realEntry(root, entryFile);
        ModuleResolver resolver = new ModuleResolver(root);
        JsxOptions jsx = null; // read from tsconfig.json on the first .tsx/.jsx file
        Map<Path, CompiledModule> modules = new LinkedHashMap<>();
        Map<Path, LoadedModule> inputs = new LinkedHashMap<>();
        Deque<Path> pending = new ArrayDeque<>();
        pending.add(realEntry);
        while (!pending.isEmpty()) {
            Path file = pending.poll();
            if (modules.containsKey(file)) {
                continue;
            }
            CompiledModule standIn = resolver.standIn(file);
            if (standIn != null) {
                modules.put(file, standIn);
                continue;
            }
            if (jsx == null && SourceKind.hasJsx(file)) {
                jsx = TsConfig.jsxOptions(root);
            }
            String source = read(root, file);
            CompiledModule compiled = compiler.compile(file, root, source, resolver.mayBeCommonJs(file),
                    jsx == null ? JsxOptions.DEFAULT : jsx);
            Map<ImportRef, Object> targets = new LinkedHashMap<>(); // ref -> real Path, or the reason it is missing (String)
            for (ImportRef ref : compiled.imports()) {
                Path target;
                try {
                    target = resolver.resolve(file, ref);
                } catch (ModuleException e) {
                    if (ref.require() && CommonJs.inNodeModules(root, file)) {
                        // Packages often require() optional dependencies inside try/catch: fail when it runs.
                        targets.put(ref, e.reason());
                        continue;
                    }
                    throw e;
                }
                targets.put(ref, target);
                if (!modules.containsKey(target)) {
                    pending.add(target);
                }
            }
            inputs.put(file, new LoadedModule(compiled, targets));
            if (compiled.commonJs()) {
                modules.put(file, compiled); // linked below, keeping its place in the load order
                continue;
            }
            CompiledModule linked = linked(root, file, compiled, targets);
            modules.put(file, sourceMaps == SourceMaps.INLINE ? InlineSourceMap.append(file, source, linked) : linked);
        }
        // CommonJS once every module is loaded: `module.exports = require("x")` offers x's names too.
        inputs.forEach((file, input) -> {
            if (input.compiled().commonJs()) {
                modules.put(file, CommonJs.linked(root, file, input, inputs));
            }
        });
        if (sourceMaps == SourceMaps.INLINE) { // a debugger shows the package's files as they are
            return new ModuleGraph(root, realEntry, modules, modules.size(), List.of());
        }
        PackageBundler.Result bundled = PackageBundler.bundle(root, realEntry, modules, inputs, compiler.disk());
        return new ModuleGraph(root, realEntry, bundled.modules(), modules.size(), bundled.combined());
    }

    /**
     * The code GraalJS gets for {@code compiled}: bare specifiers ("hono") are rewritten to the relative
     * path of the file they resolved to ("./node_modules/hono/dist/index.js"), because GraalJS hands
     * bare specifiers to the file system without the importing module (CommonJS: {@link CommonJs#linked}).
     * Lines stay where they were (only the columns after a rewritten specifier move).
     */
    private static CompiledModule linked(Path root, Path file, CompiledModule compiled, Map<ImportRef, Object> targets) {
        if (compiled.sites().isEmpty()) {
            return compiled;
        }
        Map<String, String> rewrites = new java.util.HashMap<>();
        targets.forEach((ref, target) -> {
            if (target instanceof Path path) {
                String relative = CommonJs.relativeSpecifier(file, path);
                if (!relative.equals(ref.specifier())) { // "./x" found as x.js, or remapped by a "browser" field
                    rewrites.putIfAbsent(ref.specifier(), relative);
                }
            }
        });
        StringBuilder code = new StringBuilder(compiled.code());
        List<CompiledModule.Site> sites = compiled.sites();
        for (int i = sites.size() - 1; i >= 0; i--) {
            CompiledModule.Site site = sites.get(i);
            String replacement = rewrites.get(site.specifier());
            if (replacement != null) {
                code.replace(site.start(), site.end(), CommonJs.quote(replacement));
            }
        }
        return new CompiledModule(code.toString(), compiled.sourceMap(), compiled.imports(), sites, false);
    }

    private static Path realEntry(Path root, Path entryFile) throws ModuleException {
        Path relative = root.relativize(entryFile);
        if (!entryFile.startsWith(root)) {
            throw new ModuleException(relative, 1, 1, "the entry file must be inside the app folder");
        }
        if (!Files.isRegularFile(entryFile)) {
            throw new ModuleException(relative, 1, 1, "entry file not found");
        }
        Path real;
        try {
            real = entryFile.toRealPath();
        } catch (IOException e) {
            throw new ModuleException(relative, 1, 1, "entry file cannot be read: " + e);
        }
        if (!real.startsWith(root)) {
            throw new ModuleException(relative, 1, 1, "the entry file links outside the app folder");
        }
        SourceKind kind = SourceKind.of(real);
        if (kind == null || kind == SourceKind.JSON) {
            throw new ModuleException(relative, 1, 1, "the entry must be a .ts, .tsx, .mts, .cts, .js, .jsx or .mjs file");
        }
        return real;
    }

    private static String read(Path root, Path file) throws ModuleException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ModuleException(root.relativize(file), 1, 1, "the file is not valid UTF-8");
        } catch (IOException e) {
            throw new ModuleException(root.relativize(file), 1, 1, "cannot read the file: " + e);
        }
    }

    /** Real path of the app folder. */
    public Path root() { return root; }

    /** Where GraalJS sees the module at {@code realPath} (see {@link #APP_ROOT}). */
    public Path appPath(Path realPath) { return APP_ROOT.resolve(root.relativize(realPath).toString()); }

    /** Real path of the entry module. */
    public Path entry() { return entry; }

    /**
     * The modules GraalJS loads, by real path, in load order (entry first): the app's files, except that a
     * large package's are combined into fewer modules ({@link #combinedPackages()}).
     */
    public Map<Path, CompiledModule> modules() { return modules; }

    /** How many files the graph is made of: the app's modules and those of its packages, as written. */
    public int files() { return fileCount; }

    /** The packages whose modules were combined (app-relative folders, "node_modules/lodash-es"), see {@link PackageBundler}. */
    public List<String> combinedPackages() { return combinedPackages; }

    /** polyglot Source of the entry, mime "application/javascript+module", whose path makes relative imports go through {@link #fileSystem()}. */
    public Source entrySource() { return entrySource; }

    /**
     * Read-only file system for {@code Context.Builder.allowIO(IOAccess.newBuilder().fileSystem(fs).build())}.
     * Immutable; the same instance may be given to every context of this deployment.
     */
    public FileSystem fileSystem() { return fileSystem; }

    /** Rewrites every "/app path:line:col" (and "/app path:line") of this graph's modules in a stack trace to the original position, relative to the app root. */
    public String mapStackTrace(String stackText) { return stackTraces.map(stackText); }

    /** One generated position as "src/index.ts:12:5" in the original source (for PolyglotException source sections). */
    public String describe(String sourcePath, int line, int column) { return stackTraces.describe(sourcePath, line, column); }

    /** Same as {@link #describe(String, int, int)} for a frame of a PolyglotException (its StackFrame text shows generated lines). */
    public String describe(org.graalvm.polyglot.SourceSection section) {
        String path = section.getSource().getPath() != null ? section.getSource().getPath() : section.getSource().getName();
        return describe(path, section.getStartLine(), section.getStartColumn());
    }
}
