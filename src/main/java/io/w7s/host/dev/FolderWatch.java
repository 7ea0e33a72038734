package io.w7s.host.dev;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every change under one app folder: the whole tree (not only files reachable from imports), with
 * {@code node_modules} and symlinked folders that stay inside it, but without {@code .git}. Folders
 * created later are watched as they appear. One thread uses it: {@link #next} blocks for a batch.
 */
final class FolderWatch implements AutoCloseable {
    /** After the first event, changes that follow within this quiet time belong to the same save (editors write several files). */
    static final long QUIET_MILLIS = 50;

    private final Path root;
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new HashMap<>();

    FolderWatch(Path root) throws IOException {
        this.root = root.toRealPath();
        this.service = FileSystems.getDefault().newWatchService();
        register(this.root);
    }

    /** Registers {@code top} and every folder below it (following links that stay inside the root). */
    private void register(Path top) throws IOException {
        Files.walkFileTree(top, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName() != null && dir.getFileName().toString().equals(".git")) return FileVisitResult.SKIP_SUBTREE;
                if (!dir.toRealPath().startsWith(root)) return FileVisitResult.SKIP_SUBTREE; // a link out of the folder
                folders.put(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE), dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // vanished while walking, or a link loop
            }
        });
    }

    /**
     * Blocks until something changes, then collects what changes until a quiet moment. Returns the
     * changed paths (files and folders), or an empty set once the watch is closed.
     */
    Set<Path> next() throws InterruptedException {
        Set<Path> changed = new LinkedHashSet<>();
        try {
            WatchKey key = service.take();
            while (key != null) {
                collect(key, changed);
                key = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (ClosedWatchServiceException e) {
            return Set.of();
        }
        return changed;
    }

    private void collect(WatchKey key, Set<Path> changed) {
        Path dir = folders.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (dir == null) continue;
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                changed.add(dir); // too many to list: something changed in here
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            if (path.getFileName().toString().equals(".git")) continue;
            changed.add(path);
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(path)) {
                try {
                    register(path); // e.g. npm install adding a package
                } catch (IOException ignored) {
                    // gone again
                }
            }
        }
        if (!key.reset()) folders.remove(key);
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
