package io.w7s.host.module;

import com.caoccao.javet.swc4j.Swc4j;
import com.caoccao.javet.swc4j.ast.interfaces.ISwc4jAst;
import com.caoccao.javet.swc4j.ast.program.Swc4jAstScript;
import com.caoccao.javet.swc4j.enums.Swc4jMediaType;
import com.caoccao.javet.swc4j.enums.Swc4jModuleKind;
import com.caoccao.javet.swc4j.enums.Swc4jParseMode;
import com.caoccao.javet.swc4j.enums.Swc4jSourceMapOption;
import com.caoccao.javet.swc4j.exceptions.Swc4jCoreException;
import com.caoccao.javet.swc4j.options.Swc4jParseOptions;
import com.caoccao.javet.swc4j.options.Swc4jTranspileOptions;
import com.caoccao.javet.swc4j.outputs.Swc4jParseOutput;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one source file into ES module JavaScript: TypeScript (.ts, .tsx, .mts, .cts) and .jsx are
 * transpiled with swc4j (JSX as {@link JsxOptions} say) and get a source map; JavaScript (.js, .mjs) is
 * only parsed, so its line numbers stay as written; JSON is validated. Results are cached by the SHA-256 of the content, so redeploying unchanged
 * files costs nothing; with a {@link CompileCache} also on disk, so a restart compiles nothing either.
 * One instance per host process, thread-safe. swc4j is created on the first file that really needs
 * compiling (it costs ~0.4 s and loads a native library), so a start served from the disk cache skips it.
 */
public final class TypeScriptCompiler {
    /** swc reports syntax errors as "... at file:///…/x.ts:LINE:COLUMN" (column counts code points). */
    private static final Pattern ERROR_POSITION = Pattern.compile(":(\\d+):(\\d+)\\s*$");

    private final Map<String, CompiledModule> cache = new ConcurrentHashMap<>();
    /** Null: in memory only. */
    private final CompileCache disk;
    private final AtomicLong compilations = new AtomicLong();
    private volatile Swc4j swc;

    /** Caches in memory only (what tests use: they never write into the user's cache folder). */
    public TypeScriptCompiler() {
        this(null);
    }

    /** @param disk where compiled modules persist between runs; null for memory only */
    public TypeScriptCompiler(CompileCache disk) {
        this.disk = disk;
    }

    /**
     * Transpiles TS to ESM JS + source map (or checks JS / JSON); syntax errors become a
     * {@link ModuleException} with the original file:line:col.
     *
     * @param file    absolute path of the file (names it in errors)
     * @param appRoot the app folder; error paths are relative to it
     * @param source  the file's content
     */
    public CompiledModule compile(Path file, Path appRoot, String source) throws ModuleException {
        return compile(file, appRoot, source, false);
    }

    /**
     * Same as {@link #compile(Path, Path, String)}; with {@code commonJsIfNoModuleSyntax} a .js file
     * without import/export syntax is taken as CommonJS (as npm packages without "type": "module" ship
     * it). A .cjs file is always CommonJS. A CommonJS module comes back with {@code commonJs() == true},
     * its original code and its {@code require("literal")} calls as imports.
     */
    public CompiledModule compile(Path file, Path appRoot, String source, boolean commonJsIfNoModuleSyntax) throws ModuleException {
        return compile(file, appRoot, source, commonJsIfNoModuleSyntax, JsxOptions.DEFAULT);
    }

    /** Same as {@link #compile(Path, Path, String, boolean)}; JSX in a .tsx or .jsx file is compiled as {@code jsx} says. */
    CompiledModule compile(Path file, Path appRoot, String source, boolean commonJsIfNoModuleSyntax, JsxOptions jsx) throws ModuleException {
        SourceKind kind = SourceKind.of(file);
        if (kind == null) {
            throw new ModuleException(appRoot.relativize(file), 1, 1, "unsupported file type; expected " + SourceKind.EXTENSIONS);
        }
        boolean cjs = file.getFileName().toString().endsWith(".cjs");
        boolean detect = !cjs && commonJsIfNoModuleSyntax && kind == SourceKind.JAVASCRIPT;
        JsxOptions jsxOptions = SourceKind.hasJsx(file) ? jsx : null;
        // The media type (not only the kind): swc treats .ts, .mts and .cts differently. The JSX options only
        // for .tsx/.jsx, so changing them does not recompile the other files.
        String key = CompileCache.sha256(kind.name() + ':' + mediaType(file) + (cjs ? ":cjs" : detect ? ":detect" : "")
                + (jsxOptions != null ? ':' + jsxOptions.cacheKey() : "") + '\0' + source);
        CompiledModule cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        // JSON is only checked, which costs less than reading an entry back: it stays out of the disk cache.
        boolean onDisk = disk != null && kind != SourceKind.JSON;
        CompiledModule compiled = onDisk ? disk.read(key) : null;
        if (compiled == null) {
            // Errors are thrown, never stored: their message names the file, which the key does not cover.
            compiled = switch (kind) {
                case JSON -> JsonModules.check(appRoot.relativize(file), source);
                case TYPESCRIPT, JSX, JAVASCRIPT -> compileCode(file, appRoot, source, kind, cjs, detect, jsxOptions);
            };
            compilations.incrementAndGet();
            if (onDisk) {
                disk.write(key, compiled);
            }
        }
        cache.put(key, compiled);
        return compiled;
    }

    /** The on-disk cache, or null when compiling in memory only. */
    CompileCache disk() {
        return disk;
    }

    /** How many files were really compiled (not served from a cache); for tests and metrics. */
    public long compilations() {
        return compilations.get();
    }

    /** Whether this compiler has created swc4j (it does so on its first real compilation). */
    public boolean swcStarted() {
        return swc != null;
    }

    private Swc4j swc() {
        Swc4j result = swc;
        if (result == null) {
            synchronized (this) {
                result = swc;
                if (result == null) {
                    Swc4jLibrary.beforeFirstUse(disk == null ? null : disk.nativeLibraryDir());
                    swc = result = new Swc4j();
                }
            }
        }
        return result;
    }

    /** @param jsx null for files without JSX */
    private CompiledModule compileCode(Path file, Path appRoot, String source, SourceKind kind,
                                       boolean cjs, boolean detect, JsxOptions jsx) throws ModuleException {
        Path relative = appRoot.relativize(file);
        URL specifier = fileUrl(file);
        Swc4jParseOutput parsed;
        try {
            parsed = swc().parse(source, new Swc4jParseOptions()
                    .setMediaType(mediaType(file))
                    .setParseMode(cjs ? Swc4jParseMode.Script : detect ? Swc4jParseMode.Program : Swc4jParseMode.Module)
                    .setCaptureAst(true)
                    .setSpecifier(specifier));
        } catch (Swc4jCoreException e) {
            throw syntaxError(relative, e);
        }
        // process.env.NODE_ENV → "production", as bundlers do; no position moves, so the tree still fits.
        source = NodeEnv.define(parsed.getProgram(), source);
        if (cjs || (detect && parsed.getProgram() instanceof Swc4jAstScript)) {
            return new CompiledModule(source, null, ImportScanner.requires(parsed.getProgram()), List.of(), true,
                    List.copyOf(ImportScanner.commonJsExportNames(parsed.getProgram())));
        }
        ImportScanner.Scan scan = ImportScanner.scan(parsed.getProgram(), source);
        // JSON imports without `with { type: "json" }` get the attribute here, so GraalJS loads
        // both spellings as the same standard JSON module (it refuses .json without the attribute).
        String code = scan.withJsonAttributes(source);
        boolean bare = scan.imports().stream().anyMatch(ImportRef::bare);
        if (kind == SourceKind.JAVASCRIPT) {
            // Relative imports too: a package's "browser" field may map the file they name to another one.
            List<CompiledModule.Site> sites = scan.imports().isEmpty() ? List.of()
                    : code.equals(source) ? ImportScanner.allSites(parsed.getProgram(), code)
                    : ImportScanner.allSites(parseGenerated(code, specifier, relative), code);
            return new CompiledModule(code, null, scan.imports(), sites, false);
        }
        Swc4jTranspileOptions options = new Swc4jTranspileOptions()
                .setMediaType(mediaType(file))
                .setParseMode(Swc4jParseMode.Module)
                .setModuleKind(Swc4jModuleKind.Esm)
                .setSourceMap(Swc4jSourceMapOption.Separate)
                .setSpecifier(specifier);
        if (jsx != null) {
            options.setJsx(jsx.toSwc());
        }
        String js;
        String sourceMap;
        try {
            var output = swc().transpile(code, options);
            js = output.getCode();
            sourceMap = output.getSourceMap();
        } catch (Swc4jCoreException e) {
            throw syntaxError(relative, e);
        }
        List<ImportRef> imports = scan.imports();
        List<CompiledModule.Site> sites = List.of();
        if (bare || jsx != null) {
            ISwc4jAst generated = parseGenerated(js, specifier, relative);
            if (jsx != null) {
                // The automatic JSX runtime adds an import ("hono/jsx/jsx-runtime") the source does not have.
                imports = ImportScanner.withJsxRuntimeImports(imports, parsed.getProgram(), ImportScanner.scan(generated, js).imports());
            }
            if (imports.stream().anyMatch(ImportRef::bare)) {
                sites = ImportScanner.bareSites(generated, js);
            }
        }
        return new CompiledModule(js, SourceMap.parse(sourceMap), imports, sites, false);
    }

    /** Generated ES module code parsed again, to find where its specifiers sit (swc may reprint the literals). */
    private ISwc4jAst parseGenerated(String js, URL specifier, Path relative) throws ModuleException {
        try {
            return swc().parse(js, new Swc4jParseOptions()
                    .setMediaType(Swc4jMediaType.JavaScript)
                    .setParseMode(Swc4jParseMode.Module)
                    .setCaptureAst(true)
                    .setSpecifier(specifier)).getProgram();
        } catch (Swc4jCoreException e) {
            throw new ModuleException(relative, 1, 1, "internal error: the compiled code does not parse: " + e.getMessage());
        }
    }

    private static ModuleException syntaxError(Path relative, Swc4jCoreException e) {
        String message = e.getMessage() == null ? "syntax error" : e.getMessage().strip();
        int line = 1;
        int column = 1;
        Matcher m = ERROR_POSITION.matcher(message);
        if (m.find()) {
            line = Integer.parseInt(m.group(1));
            column = Integer.parseInt(m.group(2));
        }
        String reason = message.lines().findFirst().orElse("syntax error");
        return new ModuleException(relative, line, column, reason);
    }

    private static Swc4jMediaType mediaType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".mts")) return Swc4jMediaType.Mts;
        if (name.endsWith(".cts")) return Swc4jMediaType.Cts;
        if (name.endsWith(".ts")) return Swc4jMediaType.TypeScript;
        if (name.endsWith(".tsx")) return Swc4jMediaType.Tsx;
        if (name.endsWith(".jsx")) return Swc4jMediaType.Jsx;
        if (name.endsWith(".mjs")) return Swc4jMediaType.Mjs;
        if (name.endsWith(".cjs")) return Swc4jMediaType.Cjs;
        return Swc4jMediaType.JavaScript;
    }

    private static URL fileUrl(Path file) {
        try {
            return URI.create("file:///" + ModuleException.slashes(file.toAbsolutePath()).replaceFirst("^/+", "")).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            try {
                return file.toUri().toURL();
            } catch (MalformedURLException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
