package io.w7s.host.dev;

import io.w7s.host.AppSource;
import io.w7s.host.Host;
import io.w7s.host.deploy.AppFolders;
import io.w7s.host.deploy.DeployException;
import io.w7s.host.deploy.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * {@code w7s dev}: watches every app folder of the host and redeploys a folder when anything in it
 * changes. A redeploy swaps atomically (requests in flight finish on the old version), and one that
 * fails to compile or load leaves the last good version serving; the next good save recovers. Each
 * folder reloads on its own thread, one reload at a time, so saves during a reload are never lost
 * and never reload a stale tree.
 */
public final class DevLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DevLoop.class.getName());

    /** One reload: what it deployed (or why it failed) and how many files changed. */
    public record Reload(Path folder, String label, boolean ok, String message, int files) {
    }

    private final Host host;
    private final List<FolderWatch> watches = new ArrayList<>();
    private final List<Consumer<Reload>> listeners = new CopyOnWriteArrayList<>();

    private DevLoop(Host host) {
        this.host = host;
    }

    /** Watches the folders of {@code apps} (each app folder found in them) for {@code host}. */
    public static DevLoop start(Host host, List<AppSource> apps) throws IOException {
        DevLoop loop = new DevLoop(host);
        for (AppSource source : apps) {
            List<Path> folders;
            try {
                folders = AppFolders.discover(source.dir());
            } catch (DeployException e) {
                continue; // reported at start-up
            }
            for (Path folder : folders) loop.watch(folder, source);
        }
        LOG.info("watching " + loop.watches.size() + " app folder(s) for changes");
        return loop;
    }

    /** Tests wait for reloads through this instead of watching the clock. */
    public void onReload(Consumer<Reload> listener) {
        listeners.add(listener);
    }

    private void watch(Path folder, AppSource source) throws IOException {
        FolderWatch watch = new FolderWatch(folder);
        watches.add(watch);
        Thread.ofPlatform().daemon().name("w7s-dev-watch-" + folder.getFileName()).start(() -> {
            try {
                for (Set<Path> changed; !(changed = watch.next()).isEmpty(); ) reload(folder, source, changed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void reload(Path folder, AppSource source, Set<Path> changed) {
        long start = System.nanoTime();
        int files = changedFiles(changed);
        Reload outcome;
        try {
            Deployment d = host.reload(folder, source.environment(), source.repository());
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.info("reloaded " + d.label() + " in " + ms + " ms (" + files + (files == 1 ? " file)" : " files)"));
            outcome = new Reload(folder, d.label(), true, null, files);
        } catch (DeployException | RuntimeException e) {
            String message = e.getMessage();
            LOG.severe("reload of " + AppFolders.shown(folder) + " failed; the last good version keeps serving:\n" + message
                    + "\n" + CodeFrame.of(folder, message).stripTrailing());
            outcome = new Reload(folder, AppFolders.shown(folder), false, message, files);
        }
        for (Consumer<Reload> l : listeners) l.accept(outcome);
    }

    /**
     * How many files a save changed: those that exist now (an editor's or sed's temporary file, written
     * and renamed away, does not count), or, when the change only deleted, how many went.
     */
    static int changedFiles(Set<Path> changed) {
        int present = (int) changed.stream().filter(Files::isRegularFile).count();
        return present > 0 ? present : (int) changed.stream().filter(p -> !Files.exists(p)).count();
    }

    @Override
    public void close() {
        for (FolderWatch w : watches) {
            try {
                w.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
