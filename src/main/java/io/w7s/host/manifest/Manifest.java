package io.w7s.host.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.w7s.host.deploy.DeploymentLabel;
import io.w7s.host.deploy.GitHubNames;
import io.w7s.host.deploy.Names;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The desired state of a host (JSON):
 * <pre>
 * { "deployments": [ { "repository": "acme/billing", "environment": "production",
 *     "bundle": "https://bundles.example.com/sha256-….tar.gz", "digest": "sha256:…",
 *     "vars": {...}, "secrets": ["STRIPE_KEY"], "limits": {...}, "isolates": 2 } ] }
 * </pre>
 * {@code bundle} may be relative to the manifest's own location. {@code vars}, {@code limits} and {@code isolates}
 * override the app's w7s.json; {@code secrets} names what the app needs from the host's
 * {@code W7S_SECRET_<OWNER>_<REPO>_<NAME>} variables. Errors name the entry and key.
 */
public record Manifest(List<Entry> deployments) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("repository", "environment", "bundle", "digest", "vars", "secrets", "limits", "isolates");

    /**
     * One deployment as the manifest wants it.
     *
     * @param overrides the w7s.json keys the manifest sets ({@code vars}, {@code limits}, {@code isolates})
     */
    public record Entry(String repository, String environment, URI bundle, String digest, ObjectNode overrides, List<String> secrets) {
        public String label() {
            return DeploymentLabel.of(repository, environment);
        }

        String owner() {
            return repository.substring(0, repository.indexOf('/'));
        }

        String repo() {
            return repository.substring(repository.indexOf('/') + 1);
        }

        /** Names this version: the bundle's digest and the settings the manifest adds (same version = nothing to do). */
        public String version() {
            return digest + "+" + DigestUtils.sha256Hex(overrides.toString() + "\n" + secrets).substring(0, 12);
        }
    }

    public static Manifest parse(byte[] json, URI base) throws ManifestException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ManifestException("not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ManifestException("cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new ManifestException("must be a JSON object with \"deployments\"");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("deployments")) throw new ManifestException("unknown key \"" + key + "\" (only \"deployments\")");
        }
        JsonNode list = root.get("deployments");
        if (list == null || !list.isArray()) throw new ManifestException("\"deployments\" must be an array");
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Entry e = entry(list.get(i), "deployments[" + i + "]", base);
            if (!seen.add(e.label().toLowerCase(java.util.Locale.ROOT))) {
                throw new ManifestException("deployments[" + i + "]: " + e.label() + " is listed twice");
            }
            entries.add(e);
        }
        return new Manifest(List.copyOf(entries));
    }

    private static Entry entry(JsonNode node, String at, URI base) throws ManifestException {
        if (!node.isObject()) throw new ManifestException(at + ": must be an object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) throw new ManifestException(at + ": unknown key \"" + key + "\" (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
        String repository = text(node, at, "repository");
        String[] name = GitHubNames.repository(repository);
        if (name == null) throw new ManifestException(at + ".repository: '" + repository + "' is not a GitHub owner/repo");
        String environment = node.has("environment") ? text(node, at, "environment") : Names.PRODUCTION;
        try {
            Names.checkEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw new ManifestException(at + ".environment: " + e.getMessage());
        }
        String where = at + " (" + DeploymentLabel.of(name[0] + "/" + name[1], environment) + ")";
        URI bundle;
        try {
            bundle = base.resolve(text(node, where, "bundle"));
        } catch (IllegalArgumentException e) {
            throw new ManifestException(where + ".bundle: not a URL or path: " + e.getMessage());
        }
        if (!List.of("http", "https", "file").contains(String.valueOf(bundle.getScheme()))) {
            throw new ManifestException(where + ".bundle: '" + bundle + "' is neither http(s) nor a file");
        }
        String digest = text(node, where, "digest");
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new ManifestException(where + ".digest: '" + digest + "' is not sha256:<64 lower-case hex digits> (w7s bundle prints it)");
        }
        ObjectNode overrides = JSON.createObjectNode();
        for (String key : List.of("vars", "limits")) {
            JsonNode value = node.get(key);
            if (value == null) continue;
            if (!value.isObject()) throw new ManifestException(where + "." + key + ": must be an object");
            overrides.set(key, value);
        }
        if (node.has("isolates")) overrides.set("isolates", node.get("isolates")); // checked as w7s.json's own
        List<String> secrets = new ArrayList<>();
        JsonNode s = node.get("secrets");
        if (s != null) {
            if (!s.isArray()) throw new ManifestException(where + ".secrets: must be an array of secret names");
            for (JsonNode n : s) {
                if (!n.isTextual() || !n.asText().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new ManifestException(where + ".secrets: " + n + " is not a secret name (letters, digits, _)");
                }
                secrets.add(n.asText());
            }
        }
        return new Entry(name[0] + "/" + name[1], environment, bundle, digest, overrides, List.copyOf(secrets));
    }

    private static String text(JsonNode node, String at, String key) throws ManifestException {
        JsonNode v = node.get(key);
        if (v == null) throw new ManifestException(at + ": \"" + key + "\" is missing");
        if (!v.isTextual() || v.asText().isBlank()) throw new ManifestException(at + "." + key + ": must be a non-empty string");
        return v.asText();
    }

    /** By label, in manifest order. */
    public Map<String, Entry> byLabel() {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Entry e : deployments) map.put(e.label(), e);
        return map;
    }
}
