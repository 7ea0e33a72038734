package io.w7s.host.module;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The part of the app folder's {@code tsconfig.json} that changes what code we generate: the JSX options
 * ({@code compilerOptions.jsx}, {@code jsxImportSource}, {@code jsxFactory}, {@code jsxFragmentFactory}).
 * Types are never checked, so nothing else in it matters. Read only when the graph has a .tsx/.jsx file,
 * so a broken tsconfig.json never stops an app without JSX. Files named by {@code "extends"} are not read.
 */
final class TsConfig {
    static final String FILE = "tsconfig.json";
    /** tsconfig.json is JSON with comments and trailing commas (TypeScript reads it leniently). */
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private TsConfig() {
    }

    /** The JSX options of {@code root}/tsconfig.json; {@link JsxOptions#DEFAULT} without the file or a "jsx" option. */
    static JsxOptions jsxOptions(Path root) throws ModuleException {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return JsxOptions.DEFAULT;
        }
        JsonNode options;
        try {
            JsonNode config = LENIENT.readTree(Files.readString(file));
            options = config == null ? null : config.path("compilerOptions");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new ModuleException(Path.of(FILE), at == null ? 1 : Math.max(1, at.getLineNr()), at == null ? 1 : Math.max(1, at.getColumnNr()),
                    "tsconfig.json is not valid JSON (comments and trailing commas are fine): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ModuleException(Path.of(FILE), 1, 1, "cannot read tsconfig.json: " + e);
        }
        if (options == null || !options.isObject()) {
            return JsxOptions.DEFAULT;
        }
        String jsx = text(options, "jsx", null);
        if (jsx == null) {
            return JsxOptions.DEFAULT;
        }
        return switch (jsx.toLowerCase(java.util.Locale.ROOT)) {
            case "react-jsx" -> JsxOptions.automatic(text(options, "jsxImportSource", "react"), false);
            case "react-jsxdev" -> JsxOptions.automatic(text(options, "jsxImportSource", "react"), true);
            case "react" -> JsxOptions.classic(text(options, "jsxFactory", JsxOptions.DEFAULT.factory()),
                    text(options, "jsxFragmentFactory", JsxOptions.DEFAULT.fragmentFactory()));
            default -> throw new ModuleException(Path.of(FILE), 1, 1, "compilerOptions.jsx \"" + jsx + "\" is not supported: W7S runs"
                    + " the compiled code directly, so JSX must become function calls; use \"react-jsx\" (with \"jsxImportSource\","
                    + " e.g. \"hono/jsx\") or \"react\" (with \"jsxFactory\")");
        };
    }

    private static String text(JsonNode options, String name, String fallback) {
        JsonNode value = options.path(name);
        return value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : fallback;
    }
}
