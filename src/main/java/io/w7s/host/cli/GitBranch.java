package io.w7s.host.cli;

import io.w7s.host.deploy.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code --env git}: the environment named by a folder's checked-out branch ({@code main}/{@code master} → production). */
final class GitBranch {
    private GitBranch() {
    }

    static String environment(Path folder) throws CliException {
        String branch = checkedOut(folder);
        return branch.equals("main") || branch.equals("master") ? Names.PRODUCTION : branch;
    }

    private static String checkedOut(Path folder) throws CliException {
        Process git;
        try {
            git = new ProcessBuilder("git", "-C", folder.toString(), "symbolic-ref", "--quiet", "--short", "HEAD")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CliException("--env git: cannot run git (" + e.getMessage() + "); pass --env NAME");
        }
        try {
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = git.waitFor();
            if (status == 1 && out.isEmpty()) throw new CliException("--env git: " + folder + " has no branch checked out (detached HEAD); pass --env NAME");
            if (status != 0) throw new CliException("--env git: " + folder + " is not in a git repository (" + firstLine(out) + "); pass --env NAME");
            return out;
        } catch (IOException e) {
            throw new CliException("--env git: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("--env git: interrupted");
        }
    }

    private static String firstLine(String text) {
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol);
    }
}
