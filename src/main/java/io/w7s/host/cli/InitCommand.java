package io.w7s.host.cli;

import io.w7s.host.HostConfig;
import io.w7s.host.deploy.AppFolder;
import io.w7s.host.deploy.DeployException;
import io.w7s.host.deploy.GitHubNames;
import io.w7s.host.deploy.Names;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code w7s init [DIR] [--repo OWNER/REPO]}: creates a TypeScript app that {@code w7s serve DIR} runs as it is. */
final class InitCommand {
    static final String USAGE = """
            Usage: w7s init [DIR] [--repo OWNER/REPO]

            Creates a TypeScript app in DIR (default: the current folder): src/index.ts, w7s.json,
            tsconfig.json, .gitignore, and the W7S types and RPC helper (src/w7s-env.d.ts, src/w7s-rpc.ts).
            Existing files are never overwritten: if any of these exists, nothing is written.

              --repo OWNER/REPO   the GitHub repository the app deploys as (written to w7s.json); without it,
                                  the folder's git remote origin, else its last two path segments (<owner>/<repo>)
            """;

    static final class InitException extends Exception {
        InitException(String message) {
            super(message);
        }
    }

    private InitCommand() {
    }

    static void run(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(USAGE);
            System.exit(0);
        }
        Path dir = null;
        String repository = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--repo") && i + 1 < args.size()) {
                repository = args.get(++i);
            } else if (arg.startsWith("-") || dir != null) {
                System.err.print("w7s init: unexpected argument '" + arg + "'\n\n" + USAGE);
                System.exit(2);
            } else {
                dir = Path.of(arg);
            }
        }
        try {
            System.out.print(create(dir == null ? Path.of("") : dir, repository));
        } catch (InitException e) {
            System.err.println("w7s init: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Creates the app in {@code dir}; returns what to tell the user (what was made, the next steps). */
    static String create(Path dir, String repository) throws InitException {
        Path folder = dir.toAbsolutePath().normalize();
        String[] name;
        String from;
        if (repository != null) {
            name = GitHubNames.repository(repository);
            if (name == null) throw new InitException("--repo: '" + repository + "' is not a GitHub owner/repo");
            from = "--repo, written to w7s.json";
        } else {
            try {
                AppFolder.Derived derived = AppFolder.derivedRepository(folder);
                name = new String[] {derived.owner(), derived.repo()};
                from = derived.from() + "; pass --repo OWNER/REPO or set \"repository\" in w7s.json to choose another";
            } catch (DeployException e) {
                throw new InitException(e.getMessage() + "; or pass --repo OWNER/REPO to w7s init");
            }
        }
        List<AppTemplate.File> files = AppTemplate.files(repository != null);
        List<String> existing = AppTemplate.existing(folder, files);
        if (!existing.isEmpty()) {
            throw new InitException(folder + ": " + String.join(", ", existing) + (existing.size() == 1 ? " already exists" : " already exist") + "; nothing was written"
                    + " (w7s init never overwrites: choose an empty folder or move these files away)");
        }
        try {
            AppTemplate.write(folder, files, repository == null ? null : name[0] + "/" + name[1]);
        } catch (IOException e) {
            throw new InitException(folder + ": cannot write the app: " + e);
        }
        String url = "http://" + Names.publicHost(name[0], name[1], Names.PRODUCTION, HostConfig.DEFAULT_DOMAIN) + ":"
                + HostConfig.DEFAULT_PORT + "/";
        Path shown = Path.of("").toAbsolutePath().relativize(folder);
        String arg = shown.toString().isEmpty() ? "." : shown.toString();
        StringBuilder out = new StringBuilder("Created a TypeScript app in " + folder + ":\n");
        for (AppTemplate.File f : files) out.append("  ").append(f.target()).append('\n');
        out.append("\nRepository: ").append(name[0]).append('/').append(name[1]).append(" (from ").append(from).append(")\n")
                .append("\nNext steps:\n")
                .append("  w7s dev ").append(arg).append("        # or: w7s serve ").append(arg).append('\n')
                .append("  curl ").append(url).append('\n')
                .append("Secrets go in ").append(arg.equals(".") ? "" : arg + "/").append(".dev.vars (NAME=value lines; .gitignore keeps it out of git).\n");
        return out.toString();
    }
}
