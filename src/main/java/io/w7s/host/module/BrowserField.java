package io.w7s.host.module;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code "browser"} field of one package's package.json, the way bundlers read it
 * (the "package-browser-field-spec"): packages use it to swap their Node.js-only files for ones that run
 * where there is no Node.js, which is what a Worker is.
 * <ul>
 * <li>a string replaces {@code main} ({@code "browser": "./dist/browser.js"});</li>
 * <li>an object maps files of the package ({@code "./lib/node.js": "./lib/web.js"}, keys with or without
 *     extension) and modules it imports ({@code "fs": false}, {@code "ws": "./lib/ws-shim.js"}) to another
 *     file, another package, or {@code false}: an empty module.</li>
 * </ul>
 * Pure: {@link PackageResolver} resolves what a lookup returns.
 */
final class BrowserField {
    /** A {@code false} target: the empty module. */
    static final String EMPTY = "\0empty";
    static final BrowserField NONE = new BrowserField(null, Map.of(), Map.of());
    private static final List<String> EXTENSIONS = List.of(".js", ".mjs", ".cjs", ".json");

    private final String main;
    private final Map<String, String> files;   // "lib/node.js" -> target
    private final Map<String, String> modules; // "fs" -> target

    private BrowserField(String main, Map<String, String> files, Map<String, String> modules) {
        this.main = main;
        this.files = files;
        this.modules = modules;
    }

    static BrowserField of(JsonNode manifest) {
        JsonNode browser = manifest.path("browser");
        if (browser.isTextual() && !browser.asText().isBlank()) {
            return new BrowserField(browser.asText(), Map.of(), Map.of());
        }
        if (!browser.isObject()) {
            return NONE;
        }
        Map<String, String> files = new HashMap<>();
        Map<String, String> modules = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = browser.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            String target = value.isBoolean() && !value.asBoolean() ? EMPTY : value.isTextual() ? value.asText() : null;
            if (target == null) {
                continue; // true or anything else means nothing
            }
            String key = entry.getKey();
            if (key.startsWith("./")) {
                files.put(normalize(key.substring(2)), target);
            } else {
                modules.put(key, target);
            }
        }
        return new BrowserField(null, files, modules);
    }

    /** The string form: the file used instead of "module"/"main"; null when there is none. */
    String main() {
        return main;
    }

    /**
     * What replaces the package's file {@code relative} ("lib/node.js", '/'-separated, from the package
     * folder): a "./file" of the package, a package name, {@link #EMPTY}; null when it is not mapped.
     */
    String forFile(String relative) {
        String exact = files.get(relative);
        if (exact != null) {
            return exact;
        }
        for (String extension : EXTENSIONS) {
            if (relative.endsWith(extension)) {
                String stem = relative.substring(0, relative.length() - extension.length());
                String target = files.get(stem);
                if (target != null) {
                    return target;
                }
                if (stem.equals("index") || stem.endsWith("/index")) { // "./lib" names lib/index.js
                    target = files.get(stem.equals("index") ? "" : stem.substring(0, stem.length() - "/index".length()));
                    if (target != null) {
                        return target;
                    }
                }
            }
        }
        return null;
    }

    /** What replaces the module {@code specifier} when the package imports it; null when it is not mapped. */
    String forModule(String specifier) {
        return modules.get(specifier);
    }

    private static String normalize(String path) {
        String result = path.replaceAll("/+$", "");
        return result.equals(".") ? "" : result;
    }
}
