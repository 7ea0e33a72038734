package io.w7s.host.deploy;

import java.util.Locale;

/** Host-name forms of owners, repos and environments. */
public final class Names {
    public static final String PRODUCTION = "production";

    private Names() {
    }

    /** DNS-label form: lower case, every character outside {@code [a-z0-9]} becomes {@code -}. */
    public static String slug(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            sb.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '-');
        }
        return sb.toString();
    }

    /** The public host of a deployment: {@code <repo>.<owner>.<domain>}, or {@code <env>--<repo>.<owner>.<domain>}. */
    public static String publicHost(String owner, String repo, String environment, String domain) {
        return hostLabels(owner, repo, environment) + "." + domain;
    }

    /** The host name of a deployment without the domain: {@code <repo>.<owner>} or {@code <env>--<repo>.<owner>}. */
    public static String hostLabels(String owner, String repo, String environment) {
        String prefix = PRODUCTION.equals(environment) ? "" : slug(environment) + "--";
        return prefix + slug(repo) + "." + slug(owner);
    }

    /** A valid environment name: {@code production} or a git branch name. */
    public static void checkEnvironment(String environment) {
        if (environment.isEmpty() || environment.length() > 200 || slug(environment).replace("-", "").isEmpty()
                || environment.chars().anyMatch(c -> c <= ' ' || c == 127 || c == '~' || c == '^' || c == ':' || c == '\\')) {
            throw new IllegalArgumentException("'" + environment + "' is not a valid environment name"
                    + " (use 'production' or a git branch name such as 'feature-x')");
        }
    }
}
