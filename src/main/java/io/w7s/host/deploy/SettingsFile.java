package io.w7s.host.deploy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates {@code w7s.json} (and the two keys we use from {@code package.json}). */
final class SettingsFile {
    static final Set<String> KEYS = Set.of("repository", "main", "vars", "rpc", "limits", "isolates", "warmup");
    private static final String KEY_LIST = "repository, main, vars, rpc, limits, isolates, warmup";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SettingsFile() {
    }

    /** The parsed JSON object of {@code file}, or null when the file does not exist. */
    static JsonNode readObject(Path file) throws DeployException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new DeployException(file + where + ": invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DeployException(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new DeployException(file + ": must be a JSON object ({ … })");
        }
        return root;
    }

    static AppSettings w7s(Path file) throws DeployException {
        JsonNode root = readObject(file);
        if (root == null) {
            return AppSettings.NONE;
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new DeployException(file + ": " + name + ": unknown key; allowed keys are " + KEY_LIST);
            }
        }
        String repository = optionalString(file, root, "repository");
        if (repository != null && GitHubNames.repository(repository) == null) {
            throw new DeployException(file + ": repository: '" + repository + "' is not a GitHub owner/repo");
        }
        String main = optionalString(file, root, "main");
        if (main != null) {
            checkInside(file, main);
        }
        return new AppSettings(main, repository, vars(file, root.get("vars")), rpcAllow(file, root.get("rpc")),
                limits(file, root.get("limits")), isolates(file, root.get("isolates")),
                warmup(file, root.get("warmup")));
    }

    static String optionalString(Path file, JsonNode root, String key) throws DeployException {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new DeployException(file + ": " + key + ": must be a string, got " + describe(value));
        }
        return value.asText();
    }

    private static void checkInside(Path file, String main) throws DeployException {
        if (main.isBlank()) {
            throw new DeployException(file + ": main: must not be empty");
        }
        Path path;
        try {
            path = Path.of(main);
        } catch (RuntimeException e) {
            throw new DeployException(file + ": main: '" + main + "' is not a valid path");
        }
        if (path.isAbsolute() || main.startsWith("/") || main.startsWith("\\") || path.normalize().startsWith("..")) {
            throw new DeployException(file + ": main: '" + main + "' must be a path inside the app folder");
        }
    }

    private static Map<String, String> vars(Path file, JsonNode vars) throws DeployException {
        Map<String, String> result = new LinkedHashMap<>();
        if (vars == null || vars.isNull()) {
            return result;
        }
        if (!vars.isObject()) {
            throw new DeployException(file + ": vars: must be an object of names to strings, got " + describe(vars));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = vars.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                throw new DeployException(file + ": vars." + field.getKey() + ": must be a string, got " + describe(field.getValue()));
            }
            result.put(field.getKey(), field.getValue().asText());
        }
        return result;
    }

    private static List<String> rpcAllow(Path file, JsonNode rpc) throws DeployException {
        List<String> result = new ArrayList<>();
        if (rpc == null || rpc.isNull()) {
            return result;
        }
        if (!rpc.isObject()) {
            throw new DeployException(file + ": rpc: must be an object like { \"allow\": [\"owner\", \"owner/repo\"] }, got " + describe(rpc));
        }
        for (Iterator<String> names = rpc.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("allow")) {
                throw new DeployException(file + ": rpc." + name + ": unknown key; allowed keys are allow");
            }
        }
        JsonNode allow = rpc.get("allow");
        if (allow == null || allow.isNull()) {
            return result;
        }
        if (!allow.isArray()) {
            throw new DeployException(file + ": rpc.allow: must be an array of \"owner\" or \"owner/repo\" strings, got " + describe(allow));
        }
        for (int i = 0; i < allow.size(); i++) {
            JsonNode entry = allow.get(i);
            if (!entry.isTextual()) {
                throw new DeployException(file + ": rpc.allow[" + i + "]: must be a string, got " + describe(entry));
            }
            String value = entry.asText();
            boolean valid = value.contains("/") ? GitHubNames.repository(value) != null : GitHubNames.isOwner(value);
            if (!valid) {
                throw new DeployException(file + ": rpc.allow[" + i + "]: '" + value + "' is not a GitHub owner or owner/repo");
            }
            result.add(value);
        }
        return result;
    }

    /** {@code "limits": { "cpu_ms": 5000, ... }}: known names, whole positive numbers (checked against the host's maximums at deploy). */
    private static Map<String, Long> limits(Path file, JsonNode limits) throws DeployException {
        Map<String, Long> result = new LinkedHashMap<>();
        if (limits == null || limits.isNull()) {
            return result;
        }
        String names = String.join(", ", io.w7s.host.isolate.Limits.NAMES);
        if (!limits.isObject()) {
            throw new DeployException(file + ": limits: must be an object like { \"cpu_ms\": 5000 } with keys " + names + ", got " + describe(limits));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = limits.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!io.w7s.host.isolate.Limits.NAMES.contains(field.getKey())) {
                throw new DeployException(file + ": limits." + field.getKey() + ": unknown key; allowed keys are " + names);
            }
            JsonNode v = field.getValue();
            if (!v.isIntegralNumber() || v.asLong() <= 0 || !v.canConvertToLong()) {
                throw new DeployException(file + ": limits." + field.getKey() + ": must be a whole number above 0, got "
                        + (v.isNumber() ? v.asText() : describe(v)));
            }
            result.put(field.getKey(), v.asLong());
        }
        return result;
    }

    /** {@code "isolates": 4}: a whole number from 1 to {@link IsolatePool#MAX_ISOLATES}, or null for the host's default. */
    private static Integer isolates(Path file, JsonNode isolates) throws DeployException {
        if (isolates == null || isolates.isNull()) {
            return null;
        }
        if (!isolates.isIntegralNumber() || !isolates.canConvertToInt() || isolates.asInt() < 1) {
            throw new DeployException(file + ": isolates: must be a whole number from 1 to " + IsolatePool.MAX_ISOLATES + ", got "
                    + (isolates.isNumber() ? isolates.asText() : describe(isolates)));
        }
        if (isolates.asInt() > IsolatePool.MAX_ISOLATES) {
            throw new DeployException(file + ": isolates: " + isolates.asInt() + " is over the host's maximum of " + IsolatePool.MAX_ISOLATES);
        }
        return isolates.asInt();
    }

    /** At most this many warm-up paths: each one delays every new isolate. */
    static final int MAX_WARMUP_PATHS = 16;

    /** {@code "warmup": ["/", "/api/items?limit=1"]}: paths (with an optional query) to GET from each new isolate. */
    private static List<String> warmup(Path file, JsonNode warmup) throws DeployException {
        List<String> result = new ArrayList<>();
        if (warmup == null || warmup.isNull()) {
            return result;
        }
        if (!warmup.isArray()) {
            throw new DeployException(file + ": warmup: must be an array of paths such as [\"/\", \"/api/items\"], got " + describe(warmup));
        }
        if (warmup.size() > MAX_WARMUP_PATHS) {
            throw new DeployException(file + ": warmup: " + warmup.size() + " paths; at most " + MAX_WARMUP_PATHS + " are allowed");
        }
        for (int i = 0; i < warmup.size(); i++) {
            JsonNode path = warmup.get(i);
            if (!path.isTextual() || !path.asText().startsWith("/") || path.asText().startsWith("//")
                    || path.asText().chars().anyMatch(c -> c <= ' ' || c == '#' || c == 0x7f)) {
                throw new DeployException(file + ": warmup[" + i + "]: must be a path starting with a single /, without spaces"
                        + " or fragment, got " + (path.isTextual() ? "'" + path.asText() + "'" : describe(path)));
            }
            result.add(path.asText());
        }
        return result;
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) return "a string";
        if (value.isNumber()) return "a number";
        if (value.isBoolean()) return "a boolean";
        if (value.isArray()) return "an array";
        if (value.isObject()) return "an object";
        return "null";
    }
}
