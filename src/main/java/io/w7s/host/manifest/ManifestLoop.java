package io.w7s.host.manifest;

import io.w7s.host.Host;
import io.w7s.host.deploy.DeployException;
import io.w7s.host.deploy.HostSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Converges a host on its manifest: reads it every {@link ManifestConfig#poll()}, and when what it wants differs from
 * what runs, deploys the new and changed entries (each new version loads beside the old, swaps atomically, the old
 * drains) and undeploys those gone. A version that cannot be fetched, does not match its digest or does not deploy is
 * reported on {@code /readyz} and in the log, and the version before it keeps serving. Fetch failures are retried at
 * the next read; a version that failed to deploy is not (the same bytes fail the same way) until the manifest changes it.
 */
public final class ManifestLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ManifestLoop.class.getName());
    /** The readiness entry of the manifest itself. */
    public static final String READINESS_NAME = "manifest";

    private final Host host;
    private final ManifestSource source;
    private final BundleStore store;
    private final HostSecrets secrets;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("w7s-manifest").daemon().factory());
    /** Label → the entry whose version serves now. */
    private final Map<String, Manifest.Entry> applied = new ConcurrentHashMap<>();
    /** Label → an entry whose version failed to deploy (not retried while the manifest asks for it). */
    private final Map<String, Manifest.Entry> broken = new ConcurrentHashMap<>();
    private byte[] lastBytes;
    private Manifest desired;
    private String lastReadError;
    private long rounds;

    private ManifestLoop(Host host, ManifestConfig config) throws IOException {
        this.host = host;
        this.source = ManifestSource.of(config.location());
        this.store = new BundleStore(config.store());
        this.secrets = host.config().secrets();
    }

    /** Reads the manifest and converges once (returns when its deployments have loaded or failed), then keeps watching. */
    public static ManifestLoop start(Host host, ManifestConfig config) {
        ManifestLoop loop;
        try {
            loop = new ManifestLoop(host, config);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest: cannot use the bundle store " + config.store() + ": " + e.getMessage(), e);
        }
        LOG.info("manifest: " + loop.source + ", read every " + config.poll().toSeconds() + " s; bundles in " + config.store());
        loop.round();
        long every = config.poll().toMillis();
        loop.timer.scheduleWithFixedDelay(loop::round, every, every, TimeUnit.MILLISECONDS);
        return loop;
    }

    /** One read and, if needed, one convergence. On the manifest thread (or the starting thread, first). */
    private void round() {
        try {
            byte[] bytes = source.read();
            if (bytes != null && !Arrays.equals(bytes, lastBytes)) {
                Manifest next = Manifest.parse(bytes, source.base());
                lastBytes = bytes;
                desired = next;
                broken.clear(); // a new manifest: every version it names gets a try
            }
            lastReadError = null;
            host.readiness().serving(READINESS_NAME);
            converge(desired);
        } catch (ManifestException e) {
            String message = source + ": " + e.getMessage();
            if (!message.equals(lastReadError)) {
                LOG.severe("manifest: " + message + (desired == null ? "" : "; the last good manifest stays in force"));
                lastReadError = message;
            }
            host.readiness().failed(READINESS_NAME, message, desired != null);
        } catch (RuntimeException e) {
            LOG.severe("manifest: converging failed: " + e);
        } finally {
            synchronized (this) {
                rounds++;
                notifyAll();
            }
        }
    }

    private void converge(Manifest manifest) {
        Map<String, Manifest.Entry> want = manifest.byLabel();
        for (Manifest.Entry gone : new ArrayList<>(applied.values())) {
            if (want.containsKey(gone.label())) continue;
            host.undeploy(gone.environment(), gone.owner(), gone.repo());
            applied.remove(gone.label());
            LOG.info("manifest: " + gone.label() + " is no longer listed: undeployed");
        }
        for (Manifest.Entry gone : new ArrayList<>(broken.values())) if (!want.containsKey(gone.label())) forgetUnloaded(gone);
        List<Manifest.Entry> todo = new ArrayList<>();
        for (Manifest.Entry e : want.values()) {
            if (sameVersion(e, applied.get(e.label())) || sameVersion(e, broken.get(e.label()))) continue;
            if (!applied.containsKey(e.label())) {
                try {
                    host.announce(e.repository(), e.environment());
                } catch (DeployException ex) {
                    report(e, ex.getMessage());
                    continue;
                }
            }
            todo.add(e);
        }
        if (todo.isEmpty()) return;
        int parallel = Math.max(1, Math.min(todo.size(), Runtime.getRuntime().availableProcessors()));
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel, Thread.ofPlatform().name("w7s-manifest-deploy-", 1).factory())) {
            for (Manifest.Entry e : todo) pool.execute(() -> load(e));
        }
    }

    /** Brings one deployment to the version the manifest names. */
    private void load(Manifest.Entry e) {
        Path folder;
        try {
            folder = store.folder(e);
        } catch (BundleException ex) {
            report(e, ex.getMessage()); // retried at the next read: the network or the server may recover
            return;
        }
        for (String name : e.secrets()) {
            if (!secrets.has(e.owner(), e.repo(), name)) {
                broken.put(e.label(), e);
                report(e, "secret " + name + " is missing: set " + HostSecrets.prefix(e.owner(), e.repo()) + name + " in the host's environment");
                return;
            }
        }
        try {
            host.deploy(folder, e.environment(), e.repository());
            applied.put(e.label(), e);
            LOG.info("manifest: " + e.label() + " serves " + e.digest());
        } catch (DeployException ex) {
            broken.put(e.label(), e); // /readyz has it already (Host.deploy)
            LOG.severe("manifest: " + e.label() + " not loaded: " + e.digest() + ": " + ex.getMessage()
                    + (applied.containsKey(e.label()) ? "; its previous version keeps serving" : ""));
        }
    }

    private void report(Manifest.Entry e, String message) {
        boolean serving = applied.containsKey(e.label());
        String text = e.digest() + ": " + message;
        host.readiness().failed(e.label(), text, serving);
        LOG.severe("manifest: " + e.label() + " not loaded: " + text + (serving ? "; its previous version keeps serving" : ""));
    }

    private static boolean sameVersion(Manifest.Entry e, Manifest.Entry other) {
        return other != null && other.version().equals(e.version());
    }

    /** A deployment the manifest no longer lists that never loaded: its name is free again. */
    private void forgetUnloaded(Manifest.Entry gone) {
        broken.remove(gone.label());
        host.undeploy(gone.environment(), gone.owner(), gone.repo());
        host.readiness().forget(gone.label());
    }

    /** Waits until a whole read-and-converge has run after this call (tests: after changing the manifest). */
    public synchronized void awaitFullRound() throws InterruptedException {
        long target = rounds + 2; // the round running now may have read before the change
        while (rounds < target) wait();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
