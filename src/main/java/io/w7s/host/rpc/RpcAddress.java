package io.w7s.host.rpc;

/**
 * The parts of {@code https://w7s.internal/api/v1/rpc/<owner>/<repo>/<path>?<query>} that matter:
 * the target and what it receives as its own path (the host part of the URL is ignored).
 *
 * @param pathAndQuery {@code /<path>} plus {@code ?<query>} when there is one; {@code /} for no path
 */
public record RpcAddress(String owner, String repo, String pathAndQuery) {
    static final String PREFIX = "/api/v1/rpc/";
    /** The origin every RPC target sees in {@code request.url}. */
    public static final String TARGET_ORIGIN = "https://w7s.internal";
    /** Text shaped like an {@link RpcToken}, hidden from error messages. */
    private static final java.util.regex.Pattern TOKEN_SHAPED = java.util.regex.Pattern.compile("w7s_[A-Za-z0-9_-]+");

    /** Parses an absolute URL; null when its path is not {@code /api/v1/rpc/<owner>/<repo>[/...]}. */
    public static RpcAddress parse(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) return null;
        int pathStart = url.indexOf('/', scheme + 3);
        if (pathStart < 0) return null;
        int hash = url.indexOf('#', pathStart);
        String rest = hash < 0 ? url.substring(pathStart) : url.substring(pathStart, hash);
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? "" : rest.substring(q);
        if (!path.startsWith(PREFIX)) return null;
        String tail = path.substring(PREFIX.length());
        int slash1 = tail.indexOf('/');
        String owner = slash1 < 0 ? tail : tail.substring(0, slash1);
        if (slash1 < 0) return null;
        String afterOwner = tail.substring(slash1 + 1);
        int slash2 = afterOwner.indexOf('/');
        String repo = slash2 < 0 ? afterOwner : afterOwner.substring(0, slash2);
        String targetPath = slash2 < 0 ? "/" : afterOwner.substring(slash2);
        if (owner.isEmpty() || repo.isEmpty()) return null;
        return new RpcAddress(owner, repo, targetPath + query);
    }

    /**
     * What an error message may show of a URL the caller sent: its path, without scheme, user
     * info, host, query or fragment (any of them may carry a secret), and with anything shaped
     * like a W7S token replaced by {@code w7s_…}.
     */
    public static String shownPath(String url) {
        int scheme = url.indexOf("://");
        int pathStart = scheme < 0 ? url.indexOf('/') : url.indexOf('/', scheme + 3);
        if (pathStart < 0) return "/";
        String path = url.substring(pathStart);
        int end = path.length();
        for (char c : new char[] {'?', '#'}) {
            int i = path.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        return TOKEN_SHAPED.matcher(path.substring(0, end)).replaceAll("w7s_…");
    }

    public String repository() {
        return owner + "/" + repo;
    }
}
