package io.w7s.host.module;

import com.caoccao.javet.swc4j.Swc4j;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one source file into ES module JavaScript: TypeScript (.ts, .mts, .cts) is transpiled with swc4j
 * and gets a source map; JavaScript (.js, .mjs) is only parsed, so its line numbers stay as written;
 * JSON is validated. Results are cached by the SHA-256 of the content, so redeploying unchanged
 * files costs nothing. One instance per host process: creating swc4j costs ~0.4 s; it is thread-safe.
 */
public final class TypeScriptCompiler {
    /** swc reports syntax errors as "... at file:///…/x.ts:LINE:COLUMN" (column counts code points). */
    private static final Pattern ERROR_POSITION = Pattern.compile(":(\\d+):(\\d+)\\s*$");

    private final Swc4j swc = new Swc4j();
    private final Map<String, CompiledModule> cache = new ConcurrentHashMap<>();
    private final AtomicLong compilations = new AtomicLong();

    public TypeScriptCompiler() {
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
        SourceKind kind = SourceKind.of(file);
        if (kind == null) {
            throw new ModuleException(appRoot.relativize(file), 1, 1, "unsupported file type; expected .ts, .mts, .cts, .js, .mjs or .json");
        }
        String key = sha256(kind.name() + '\0' + source);
        CompiledModule cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        CompiledModule compiled = switch (kind) {
            case JSON -> JsonModules.check(appRoot.relativize(file), source);
            case TYPESCRIPT, JAVASCRIPT -> compileCode(file, appRoot, source, kind);
        };
        compilations.incrementAndGet();
        cache.put(key, compiled);
        return compiled;
    }

    /** How many files were really compiled (not served from the cache); for tests and metrics. */
    public long compilations() {
        return compilations.get();
    }

    private CompiledModule compileCode(Path file, Path appRoot, String source, SourceKind kind) throws ModuleException {
        Path relative = appRoot.relativize(file);
        URL specifier = fileUrl(file);
        Swc4jParseOutput parsed;
        try {
            parsed = swc.parse(source, new Swc4jParseOptions()
                    .setMediaType(mediaType(file))
                    .setParseMode(Swc4jParseMode.Module)
                    .setCaptureAst(true)
                    .setSpecifier(specifier));
        } catch (Swc4jCoreException e) {
            throw syntaxError(relative, e);
        }
        ImportScanner.Scan scan = ImportScanner.scan(parsed.getProgram(), source);
        // JSON imports without `with { type: "json" }` get the attribute here, so GraalJS loads
        // both spellings as the same standard JSON module (it refuses .json without the attribute).
        String code = scan.withJsonAttributes(source);
        if (kind == SourceKind.JAVASCRIPT) {
            return new CompiledModule(code, null, scan.imports());
        }
        try {
            var output = swc.transpile(code, new Swc4jTranspileOptions()
                    .setMediaType(mediaType(file))
                    .setParseMode(Swc4jParseMode.Module)
                    .setModuleKind(Swc4jModuleKind.Esm)
                    .setSourceMap(Swc4jSourceMapOption.Separate)
                    .setSpecifier(specifier));
            return new CompiledModule(output.getCode(), SourceMap.parse(output.getSourceMap()), scan.imports());
        } catch (Swc4jCoreException e) {
            throw syntaxError(relative, e);
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
        if (name.endsWith(".mjs")) return Swc4jMediaType.Mjs;
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

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
