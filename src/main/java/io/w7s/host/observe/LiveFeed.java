package io.w7s.host.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one dashboard connection is sent at each tick, as JSON: every deployment with its status, its request and
 * error rates since the previous tick and its p50/p99; every RPC edge with its rates and p50; and the failed requests
 * and log lines that are new since the previous tick. The first snapshot has {@code "full": true} and carries every
 * failure and line kept. One feed per connection: its rates are differences between its own ticks.
 *
 * <pre>
 * {"full", "at" (epoch ms),
 *  "deployments": [{label, owner, repo, environment, url, status (serving|loading|failed), message, isolates,
 *                   requests, rps, errorRate (0..1), p50, p99}],          rates and percentiles null when unknown
 *  "edges":       [{caller, target, requests, rps, errorsPerSec, p50}],
 *  "failures":    [{at, deployment, request, status, detail, requestId, traceId}],   newest first
 *  "logs":        {label: [{at, level, text}]}}                                      oldest first
 * </pre>
 */
public final class LiveFeed {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A deployment as the host knows it, apart from its traffic.
     *
     * @param status  {@code serving}, {@code loading} or {@code failed}
     * @param message why it failed, or null
     * @param url     its public URL, or null while it does not serve
     */
    public record Row(String label, String owner, String repo, String environment, String url, String status, String message,
                      int isolates) {
    }

    private final LiveStats live;
    private final LogTail logs;
    private Map<String, long[]> deploymentTotals = Map.of();
    private Map<LiveStats.Edge, long[]> edgeTotals = Map.of();
    private long previousNanos = -1;
    private long logSeq;
    private LiveStats.Failure lastFailure;

    /**
     * @param live the traffic figures, or null when metrics are off (then no rates, edges or failures)
     * @param logs the app log's tail, or null
     */
    public LiveFeed(LiveStats live, LogTail logs) {
        this.live = live;
        this.logs = logs;
    }

    /** The next snapshot: {@code rows} are the deployments now, {@code nowNanos} a {@link System#nanoTime} reading. */
    public ObjectNode next(List<Row> rows, long nowNanos) {
        boolean full = previousNanos < 0;
        double seconds = full ? 0 : (nowNanos - previousNanos) / 1e9;
        previousNanos = nowNanos;
        ObjectNode snapshot = JSON.createObjectNode().put("full", full).put("at", System.currentTimeMillis());
        deployments(snapshot.putArray("deployments"), rows, seconds);
        edges(snapshot.putArray("edges"), seconds);
        failures(snapshot.putArray("failures"));
        logs(snapshot.putObject("logs"));
        return snapshot;
    }

    private void deployments(ArrayNode out, List<Row> rows, double seconds) {
        Map<String, LiveWindow> windows = live == null ? Map.of() : live.deployments();
        Map<String, long[]> totals = new HashMap<>();
        for (Row row : rows.stream().sorted(Comparator.comparing(Row::label)).toList()) {
            ObjectNode d = out.addObject().put("label", row.label()).put("owner", row.owner()).put("repo", row.repo())
                    .put("environment", row.environment()).put("url", row.url()).put("status", row.status())
                    .put("message", row.message()).put("isolates", row.isolates());
            LiveWindow w = windows.get(row.label());
            long[] now = w == null ? new long[2] : new long[] {w.total(), w.errors()};
            totals.put(row.label(), now);
            long[] before = deploymentTotals.get(row.label());
            d.put("requests", now[0]);
            Double rps = perSecond(now[0], before == null ? null : before[0], seconds);
            put(d, "rps", rps);
            put(d, "errorRate", rps == null ? null : errorRate(now[0] - before[0], now[1] - before[1]));
            double[] p = w == null || now[0] == 0 ? null : w.percentilesMillis();
            put(d, "p50", p == null ? null : p[0]);
            put(d, "p99", p == null ? null : p[1]);
        }
        deploymentTotals = totals;
    }

    private void edges(ArrayNode out, double seconds) {
        Map<LiveStats.Edge, long[]> totals = new HashMap<>();
        if (live != null) {
            Map<LiveStats.Edge, LiveWindow> edges = new TreeMap<>(Comparator.comparing(LiveStats.Edge::caller).thenComparing(LiveStats.Edge::target));
            edges.putAll(live.edges());
            edges.forEach((edge, w) -> {
                long[] now = {w.total(), w.errors()};
                totals.put(edge, now);
                long[] before = edgeTotals.get(edge);
                ObjectNode e = out.addObject().put("caller", edge.caller()).put("target", edge.target()).put("requests", now[0]);
                put(e, "rps", perSecond(now[0], before == null ? null : before[0], seconds));
                put(e, "errorsPerSec", perSecond(now[1], before == null ? null : before[1], seconds));
                put(e, "p50", now[0] == 0 ? null : w.percentilesMillis()[0]);
            });
        }
        edgeTotals = totals;
    }

    private void failures(ArrayNode out) {
        if (live == null) return;
        List<LiveStats.Failure> all = live.failures();
        List<LiveStats.Failure> fresh = newSince(all, lastFailure);
        if (!all.isEmpty()) lastFailure = all.getLast();
        for (LiveStats.Failure f : fresh.reversed()) {
            out.addObject().put("at", f.at().toEpochMilli()).put("deployment", f.deployment()).put("request", f.request())
                    .put("status", f.status()).put("detail", f.detail()).put("requestId", f.requestId()).put("traceId", f.traceId());
        }
    }

    private void logs(ObjectNode out) {
        if (logs == null) return;
        long seq = logSeq;
        logSeq = logs.last(); // read first: a line logged meanwhile is sent now and, as seq moves past it, not again
        new TreeMap<>(logs.since(seq)).forEach((deployment, lines) -> {
            ArrayNode list = out.putArray(deployment);
            for (LogTail.Line l : lines) {
                if (l.seq() > logSeq) break; // next time
                list.addObject().put("at", l.at()).put("level", l.level()).put("text", l.text());
            }
        });
    }

    /** Per second between two readings of a running total; null without an earlier reading. */
    static Double perSecond(long now, Long before, double seconds) {
        if (before == null || seconds <= 0) return null;
        return Math.max(0, now - before) / seconds;
    }

    /** The share of requests that failed (0 without requests). */
    static double errorRate(long requests, long errors) {
        return requests <= 0 ? 0 : Math.min(1, (double) errors / requests);
    }

    /**
     * The failures of {@code all} (oldest first, as {@link LiveStats#failures} keeps them) after {@code seen}; all of
     * them when {@code seen} is null or no longer kept (more failed since than are kept).
     */
    static List<LiveStats.Failure> newSince(List<LiveStats.Failure> all, LiveStats.Failure seen) {
        if (seen == null) return all;
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i) == seen) return all.subList(i + 1, all.size());
        }
        return all;
    }

    private static void put(ObjectNode o, String field, Double value) {
        if (value == null) o.putNull(field);
        else o.put(field, Math.round(value * 100) / 100.0);
    }
}
