package io.w7s.host.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the GitHub "owner/repo" of a folder's {@code origin} remote straight from {@code .git/config}
 * (no git process): deploying a clone needs no configuration.
 */
final class GitRemote {
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*remote\\s+\"origin\"\\s*]\\s*$");
    private static final Pattern ANY_SECTION = Pattern.compile("^\\s*\\[.*]\\s*$");
    private static final Pattern URL = Pattern.compile("^\\s*url\\s*=\\s*(.*?)\\s*$", Pattern.CASE_INSENSITIVE);
    /** https://github.com/o/r(.git), ssh://git@github.com/o/r.git, git://github.com/o/r, git@github.com:o/r.git */
    private static final Pattern GITHUB = Pattern.compile(
            "^(?:(?:https?|ssh|git)://(?:[^@/]+@)?github\\.com(?::\\d+)?/|[^@/\\s]+@github\\.com:)([^/]+)/([^/]+?)(?:\\.git)?/?$",
            Pattern.CASE_INSENSITIVE);

    private GitRemote() {
    }

    /** "owner/repo" of the origin remote when it points to GitHub; null when there is none. */
    static String originRepository(Path folder) throws IOException {
        Path config = configFile(folder);
        if (config == null) {
            return null;
        }
        String url = originUrl(Files.readAllLines(config));
        return url == null ? null : parseGitHubUrl(url);
    }

    static String parseGitHubUrl(String url) {
        String unquoted = url.startsWith("\"") && url.endsWith("\"") && url.length() > 1 ? url.substring(1, url.length() - 1) : url;
        Matcher m = GITHUB.matcher(unquoted);
        return m.matches() ? m.group(1) + "/" + m.group(2) : null;
    }

    private static String originUrl(List<String> lines) {
        boolean inOrigin = false;
        for (String line : lines) {
            String text = line.strip();
            if (text.startsWith("#") || text.startsWith(";")) {
                continue;
            }
            if (ANY_SECTION.matcher(text).matches()) {
                inOrigin = SECTION.matcher(text).matches();
                continue;
            }
            Matcher m = URL.matcher(text);
            if (inOrigin && m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** .git/config, or for a worktree/submodule (".git" is a file "gitdir: …") the config of that git dir. */
    private static Path configFile(Path folder) throws IOException {
        Path dotGit = folder.resolve(".git");
        if (Files.isDirectory(dotGit)) {
            Path config = dotGit.resolve("config");
            return Files.isRegularFile(config) ? config : null;
        }
        if (Files.isRegularFile(dotGit)) {
            String content = Files.readString(dotGit).strip();
            if (!content.startsWith("gitdir:")) {
                return null;
            }
            Path gitDir = folder.resolve(content.substring("gitdir:".length()).strip()).normalize();
            Path commonDir = gitDir.resolve("commondir");
            if (Files.isRegularFile(commonDir)) { // a worktree: the remotes live in the main repository's config
                gitDir = gitDir.resolve(Files.readString(commonDir).strip()).normalize();
            }
            Path config = gitDir.resolve("config");
            return Files.isRegularFile(config) ? config : null;
        }
        return null;
    }
}
