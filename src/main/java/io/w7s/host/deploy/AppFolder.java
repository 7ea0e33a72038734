package io.w7s.host.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One app folder, understood: which GitHub repository it deploys as, which file is its entry, and its
 * validated {@code w7s.json} settings.
 *
 * @param root  the folder
 * @param owner GitHub owner, canonical spelling
 * @param repo  GitHub repository name, canonical spelling
 * @param entry the entry module (an existing file inside {@code root})
 */
public record AppFolder(Path root, String owner, String repo, Path entry, AppSettings settings) {
    /** Tried in order when neither w7s.json nor package.json names the entry. */
    static final List<String> DEFAULT_ENTRIES = List.of("src/index.ts", "src/index.tsx", "src/index.js", "src/index.jsx",
            "index.ts", "index.tsx", "index.js", "index.jsx");

    /**
     * Reads w7s.json / package.json, resolves owner/repo and the entry file.
     *
     * @param repositoryOverride "owner/repo" from the command line ({@code --repo}), or null
     */
    public static AppFolder read(Path dir, String repositoryOverride) throws DeployException {
        if (!Files.isDirectory(dir)) {
            throw new DeployException(dir + ": not a folder");
        }
        AppSettings settings = SettingsFile.w7s(dir.resolve("w7s.json"));
        String[] name = ownerAndRepo(dir, repositoryOverride, settings);
        Path entry = entry(dir, settings);
        return new AppFolder(dir, name[0], name[1], entry, settings);
    }

    /** "owner/repo" in the canonical spelling. */
    public String repository() {
        return owner + "/" + repo;
    }

    private static String[] ownerAndRepo(Path dir, String override, AppSettings settings) throws DeployException {
        if (override != null) {
            String[] name = GitHubNames.repository(override);
            if (name == null) {
                throw new DeployException("--repo: '" + override + "' is not a GitHub owner/repo");
            }
            return name;
        }
        if (settings.repository() != null) {
            return GitHubNames.repository(settings.repository()); // validated when read
        }
        Derived derived = derivedRepository(dir);
        return new String[] {derived.owner(), derived.repo()};
    }

    /**
     * The repository a folder deploys as when neither --repo nor w7s.json names one.
     *
     * @param from how it was found, for messages: "the git remote origin" or "the folder's last two path segments"
     */
    public record Derived(String owner, String repo, String from) {
    }

    /** The folder's GitHub origin remote, else its last two path segments ({@code apps/<owner>/<repo>}). */
    public static Derived derivedRepository(Path dir) throws DeployException {
        String origin;
        try {
            origin = GitRemote.originRepository(dir);
        } catch (IOException e) {
            throw new DeployException(dir.resolve(".git") + ": cannot read git config: " + e.getMessage());
        }
        if (origin != null) {
            String[] name = GitHubNames.repository(origin);
            if (name == null) {
                throw new DeployException(dir.resolve(".git/config") + ": remote origin: '" + origin
                        + "' is not a GitHub owner/repo; set \"repository\" in w7s.json or pass --repo");
            }
            return new Derived(name[0], name[1], "the git remote origin");
        }
        Path absolute = dir.toAbsolutePath().normalize();
        Path repo = absolute.getFileName();
        Path owner = absolute.getParent() == null ? null : absolute.getParent().getFileName();
        if (owner != null && repo != null && GitHubNames.isOwner(owner.toString()) && GitHubNames.isRepo(repo.toString())) {
            return new Derived(owner.toString(), repo.toString(), "the folder's last two path segments");
        }
        throw new DeployException(dir + ": cannot tell which GitHub repository this is: no --repo, no \"repository\" in w7s.json, "
                + "no GitHub origin in .git/config, and '" + (owner == null ? "" : owner + "/") + repo
                + "' (the folder's last two path segments) is not a GitHub owner/repo; put the folder at apps/<owner>/<repo> "
                + "or set \"repository\" in w7s.json");
    }

    private static Path entry(Path dir, AppSettings settings) throws DeployException {
        if (settings.main() != null) {
            Path main = dir.resolve(settings.main()).normalize();
            if (!Files.isRegularFile(main)) {
                throw new DeployException(dir.resolve("w7s.json") + ": main: '" + settings.main() + "' does not exist");
            }
            return main;
        }
        List<String> tried = new ArrayList<>();
        JsonNode pkg = SettingsFile.readObject(dir.resolve("package.json"));
        if (pkg != null) {
            for (String key : List.of("module", "main")) {
                String value = SettingsFile.optionalString(dir.resolve("package.json"), pkg, key);
                if (value != null) {
                    Path file = dir.resolve(value).normalize();
                    if (!file.startsWith(dir.normalize())) {
                        throw new DeployException(dir.resolve("package.json") + ": " + key + ": '" + value + "' must be a path inside the app folder");
                    }
                    if (Files.isRegularFile(file)) {
                        return file;
                    }
                    tried.add(value + " (package.json " + key + ")");
                }
            }
        }
        for (String candidate : DEFAULT_ENTRIES) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
            tried.add(candidate);
        }
        throw new DeployException(dir + ": no entry file; tried " + String.join(", ", tried)
                + "; set \"main\" in w7s.json to your entry file");
    }
}
