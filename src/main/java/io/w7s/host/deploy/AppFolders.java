package io.w7s.host.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the app folders a command-line DIR stands for. */
public final class AppFolders {
    private AppFolders() {
    }

    /**
     * A DIR is either an app folder (holds w7s.json or package.json, or one of the default entry files)
     * or a folder of app folders: each child is an app folder itself (as {@code w7s init} makes them side
     * by side) or a folder of them ({@code <owner>/<repo>}, like {@code apps/}); returns the app folders, sorted.
     */
    public static List<Path> discover(Path dir) throws DeployException {
        if (!Files.isDirectory(dir)) {
            throw new DeployException(dir + ": not a folder");
        }
        if (isAppFolder(dir)) {
            return List.of(dir);
        }
        List<Path> apps = new ArrayList<>();
        for (Path owner : subfolders(dir)) {
            if (isAppFolder(owner)) {
                apps.add(owner);
                continue;
            }
            for (Path repo : subfolders(owner)) {
                if (isAppFolder(repo)) {
                    apps.add(repo);
                }
            }
        }
        if (apps.isEmpty()) {
            throw new DeployException(dir + ": expected an app folder (with w7s.json, package.json, "
                    + String.join(", ", AppFolder.DEFAULT_ENTRIES) + "), a folder of app folders, or a folder of <owner>/<repo> app folders;"
                    + " found none");
        }
        return apps; // sorted: subfolders() are
    }

    /** A folder as the user would type it: relative to the working directory when inside it. */
    public static String shown(Path folder) {
        Path cwd = Path.of("").toAbsolutePath();
        return folder.startsWith(cwd) ? cwd.relativize(folder).toString() : folder.toString();
    }

    static boolean isAppFolder(Path dir) {
        if (Files.isRegularFile(dir.resolve("w7s.json")) || Files.isRegularFile(dir.resolve("package.json"))) {
            return true;
        }
        return AppFolder.DEFAULT_ENTRIES.stream().anyMatch(entry -> Files.isRegularFile(dir.resolve(entry)));
    }

    private static List<Path> subfolders(Path dir) throws DeployException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().equals("node_modules"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DeployException(dir + ": cannot list: " + e.getMessage());
        }
    }
}
