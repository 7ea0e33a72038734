package io.w7s.host.deploy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Secrets given to the host in its process environment, one variable per app secret:
 * {@code W7S_SECRET_<OWNER>_<REPO>_<NAME>}, where owner and repo are upper-cased and every
 * character other than a letter or digit becomes {@code _} ({@code acme/my-api} + {@code API_KEY}
 * is {@code W7S_SECRET_ACME_MY_API_API_KEY}). Only these variables are kept: the rest of the
 * host's environment never reaches an app.
 */
public final class HostSecrets {
    static final String PREFIX = "W7S_SECRET_";
    public static final HostSecrets NONE = new HostSecrets(Map.of());

    /** Variable name to value, only those starting with {@link #PREFIX}; sorted so lookups are reproducible. */
    private final Map<String, String> variables;

    private HostSecrets(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The W7S_SECRET_* variables of this process's environment. */
    public static HostSecrets fromProcess() {
        return of(System.getenv());
    }

    /** The W7S_SECRET_* variables of {@code environment} (tests pass their own). */
    public static HostSecrets of(Map<String, String> environment) {
        Map<String, String> kept = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) kept.put(name, value);
        });
        return new HostSecrets(java.util.Collections.unmodifiableMap(kept));
    }

    /** The variable-name prefix of one app's secrets: {@code W7S_SECRET_ACME_MY_API_}. */
    public static String prefix(String owner, String repo) {
        return PREFIX + upperSnake(owner) + "_" + upperSnake(repo) + "_";
    }

    /** Whether the host has the secret {@code name} for owner/repo. */
    public boolean has(String owner, String repo, String name) {
        return variables.containsKey(prefix(owner, repo) + name);
    }

    /** Secret name (the rest of the variable name after the app's prefix) to value, for one app. */
    Map<String, Secret> forApp(String owner, String repo) {
        String prefix = prefix(owner, repo);
        Map<String, Secret> secrets = new LinkedHashMap<>();
        variables.forEach((variable, value) -> {
            if (variable.startsWith(prefix) && variable.length() > prefix.length()) {
                String name = variable.substring(prefix.length());
                secrets.put(name, new Secret(name, value, "host environment variable " + variable));
            }
        });
        return secrets;
    }

    private static String upperSnake(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
            sb.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return sb.toString();
    }

    /** Names only: the values are secrets. */
    @Override
    public String toString() {
        return "HostSecrets[" + variables.size() + " " + PREFIX + "* variable(s)]";
    }
}
