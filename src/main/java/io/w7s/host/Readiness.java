package io.w7s.host;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What {@code /readyz} says. A host is ready once every deployment it was told to run (configured folders, a
 * manifest) serves some version. Not ready: those still {@code loading}, or {@code failed: <error>} before any
 * version served. A deployment that serves but whose newer version failed stays ready (the last good version
 * serves) and is reported as stale, so a load balancer keeps the replica while an operator sees why.
 * Names are deployment labels ({@code owner/repo@environment}), or a folder when no label could be read.
 */
public final class Readiness {
    private final Map<String, String> notReady = new ConcurrentSkipListMap<>();
    private final Map<String, String> stale = new ConcurrentSkipListMap<>();
    private volatile boolean started;

    public void loading(String name) {
        notReady.putIfAbsent(name, "loading");
    }

    /** {@code name} failed to deploy: not ready if it never served, stale if an older version serves. */
    public void failed(String name, String error, boolean serving) {
        if (serving) stale.put(name, error);
        else notReady.put(name, "failed: " + error);
    }

    /** Failed only if it was waited for (loading or failed before); a deploy nobody waited for changes nothing. */
    void failedIfAwaited(String name, String error) {
        notReady.computeIfPresent(name, (k, v) -> "failed: " + error);
    }

    public void serving(String name) {
        notReady.remove(name);
        stale.remove(name);
    }

    /** No longer wanted (undeployed, or gone from the manifest). */
    public void forget(String name) {
        notReady.remove(name);
        stale.remove(name);
    }

    void started() {
        started = true;
    }

    /** Why the host is not ready (name → {@code loading} or {@code failed: ...}); empty when it is. */
    public Map<String, String> notReady() {
        Map<String, String> why = new TreeMap<>(notReady);
        if (!started && why.isEmpty()) why.put("host", "starting");
        return why;
    }

    /** Deployments that serve an older version because the newest failed: name → why. */
    public Map<String, String> stale() {
        return new TreeMap<>(stale);
    }
}
