package io.w7s.host.deploy;

import java.util.regex.Pattern;

/** GitHub's rules for owner and repository names. */
public final class GitHubNames {
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?");
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private GitHubNames() {
    }

    /** 1–39 letters, digits or hyphens, not starting or ending with a hyphen. */
    static boolean isOwner(String name) {
        return name != null && OWNER.matcher(name).matches();
    }

    /** 1–100 letters, digits, '.', '_' or '-', and not "." or "..". */
    static boolean isRepo(String name) {
        return name != null && REPO.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** "owner/repo" split in two, or null when it is not a valid GitHub repository name. */
    public static String[] repository(String value) {
        if (value == null) {
            return null;
        }
        int slash = value.indexOf('/');
        if (slash < 0 || value.indexOf('/', slash + 1) >= 0) {
            return null;
        }
        String owner = value.substring(0, slash);
        String repo = value.substring(slash + 1);
        return isOwner(owner) && isRepo(repo) ? new String[] {owner, repo} : null;
    }
}
