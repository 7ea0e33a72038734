package io.w7s.host.observe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's figures, apart from what Prometheus scrapes: a {@link LiveWindow} per deployment and per RPC
 * edge (caller → target), and the most recent failed requests with their source-mapped stacks.
 */
public final class LiveStats {
    /** How many failed requests the dashboard keeps. */
    static final int FAILURES_KEPT = 50;

    private final SimpleMeterRegistry windows = new SimpleMeterRegistry();
    private final Map<String, LiveWindow> deployments = new ConcurrentHashMap<>();
    /** By caller, then target: no key to build per call. */
    private final Map<String, Map<String, LiveWindow>> edges = new ConcurrentHashMap<>();
    private final ArrayDeque<Failure> failures = new ArrayDeque<>();

    /** An RPC edge: deployments by label ({@code owner/repo@environment}). */
    public record Edge(String caller, String target) {
    }

    /**
     * A request a deployment failed to answer: the handler threw (with its stack, mapped to the app's sources and with
     * secrets hidden), went over a limit, or the host failed it.
     */
    public record Failure(Instant at, String deployment, String request, int status, String detail, String requestId, String traceId) {
    }

    LiveWindow deployment(String label) {
        return deployments.computeIfAbsent(label, l -> new LiveWindow(windows, "w7s.live.deployment", l));
    }

    LiveWindow edge(String caller, String target) {
        return edges.computeIfAbsent(caller, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(target, t -> new LiveWindow(windows, "w7s.live.edge", caller + " → " + target));
    }

    void failed(Failure failure) {
        synchronized (failures) {
            if (failures.size() == FAILURES_KEPT) failures.removeFirst();
            failures.addLast(failure);
        }
    }

    /** Every deployment that has served a request, by label. */
    public Map<String, LiveWindow> deployments() {
        return Map.copyOf(deployments);
    }

    public Map<Edge, LiveWindow> edges() {
        Map<Edge, LiveWindow> all = new java.util.HashMap<>();
        edges.forEach((caller, targets) -> targets.forEach((target, window) -> all.put(new Edge(caller, target), window)));
        return all;
    }

    /** The most recent failures, the newest last. */
    public List<Failure> failures() {
        synchronized (failures) {
            return new ArrayList<>(failures);
        }
    }
}
