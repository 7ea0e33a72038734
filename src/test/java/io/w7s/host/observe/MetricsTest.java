package io.w7s.host.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.admin.AdminConfig;
import io.w7s.host.support.PrometheusText;
import io.w7s.host.support.TestHost;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} on the admin listener, read by Prometheus' own parser: counters move by exactly the requests sent,
 * RPC edges are labelled caller → target, failures and limit trips are counted, labels stay bounded.
 */
class MetricsTest {
    static final Path RPC = Path.of("src/test/rpc/alpha").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static TestHost host;
    static Path spinner;

    @BeforeAll
    static void start() throws Exception {
        spinner = Files.createTempDirectory("w7s-spinner");
        Files.writeString(spinner.resolve("index.js"), "export default { fetch() { for (;;) {} } };\n");
        Files.writeString(spinner.resolve("w7s.json"), "{ \"limits\": { \"cpu_ms\": 100 }, \"isolates\": 1 }\n");
        host = TestHost.start(HostConfig.of(List.of(
                        new AppSource(RPC.resolve("caller"), "production", null),
                        new AppSource(RPC.resolve("echo"), "production", null),
                        new AppSource(RPC.resolve("thrower"), "production", null),
                        new AppSource(spinner, "production", "alpha/spinner")))
                .withAdmin(new AdminConfig(AdminConfig.LOOPBACK, 0, null))
                .withTelemetry(TelemetryConfig.METRICS));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    static Map<String, Double> scrape() {
        HttpResponse<String> r = host.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.host().adminPort() + "/metrics")).build());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"), r.headers().toString());
        return PrometheusText.parse(r.body());
    }

    static double value(Map<String, Double> samples, String name, String... labels) {
        Map<String, String> l = new java.util.TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) l.put(labels[i], labels[i + 1]);
        return samples.getOrDefault(PrometheusText.key(name, l), 0.0);
    }

    static String[] deployment(String repo, String... more) {
        String[] base = {"owner", "alpha", "repo", repo, "environment", "production"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static void rpc(String path) throws Exception {
        String spec = JSON.createObjectNode().put("url", "https://w7s.internal/api/v1/rpc/alpha/" + path).toString();
        HttpResponse<String> r = host.send(host.request("caller.alpha.localhost", "/call").POST(HttpRequest.BodyPublishers.ofString(spec)).build());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void requestCountersMoveByExactlyTheRequestsSent() {
        Map<String, Double> before = scrape();
        for (int i = 0; i < 7; i++) assertEquals(200, host.get("echo.alpha.localhost", "/item/" + i).statusCode());
        for (int i = 0; i < 3; i++) assertEquals(404, host.get("echo.alpha.localhost", "/status/404").statusCode());
        Map<String, Double> after = scrape();
        String[] ok = deployment("echo", "via", "public", "status", "2xx");
        assertEquals(7, value(after, "w7s_requests_total", ok) - value(before, "w7s_requests_total", ok));
        String[] notFound = deployment("echo", "via", "public", "status", "4xx");
        assertEquals(3, value(after, "w7s_requests_total", notFound) - value(before, "w7s_requests_total", notFound));
        String[] latency = deployment("echo", "via", "public");
        assertEquals(10, value(after, "w7s_request_duration_seconds_count", latency) - value(before, "w7s_request_duration_seconds_count", latency));
        assertTrue(value(after, "w7s_request_duration_seconds_bucket", deployment("echo", "via", "public", "le", "+Inf"))
                >= value(after, "w7s_request_duration_seconds_count", latency), "the histogram has buckets");
        assertEquals(0, value(after, "w7s_requests_in_flight", deployment("echo")));
        assertTrue(value(after, "w7s_isolates", deployment("echo")) >= 1);
        assertTrue(value(after, "w7s_js_cpu_seconds_total", deployment("echo")) > 0, "CPU time in JS is counted");
    }

    @Test
    void rpcCallsAreCountedOnTheirEdgeAndAsTheTargetsRequests() throws Exception {
        Map<String, Double> before = scrape();
        for (int i = 0; i < 4; i++) rpc("echo/who");
        rpc("thrower/");
        Map<String, Double> after = scrape();
        String[] edge = {"caller", "alpha/caller", "target", "alpha/echo", "environment", "production", "status", "2xx"};
        assertEquals(4, value(after, "w7s_rpc_calls_total", edge) - value(before, "w7s_rpc_calls_total", edge));
        String[] failed = {"caller", "alpha/caller", "target", "alpha/thrower", "environment", "production", "status", "5xx"};
        assertEquals(1, value(after, "w7s_rpc_calls_total", failed) - value(before, "w7s_rpc_calls_total", failed));
        String[] echoViaRpc = deployment("echo", "via", "rpc", "status", "2xx");
        assertEquals(4, value(after, "w7s_requests_total", echoViaRpc) - value(before, "w7s_requests_total", echoViaRpc));
        String[] callerPublic = deployment("caller", "via", "public", "status", "2xx");
        assertEquals(5, value(after, "w7s_requests_total", callerPublic) - value(before, "w7s_requests_total", callerPublic));
        String[] edgeLatency = {"caller", "alpha/caller", "target", "alpha/echo", "environment", "production"};
        assertEquals(4, value(after, "w7s_rpc_duration_seconds_count", edgeLatency) - value(before, "w7s_rpc_duration_seconds_count", edgeLatency));

        // The failure is on the dashboard, with the target's stack.
        LiveStats.Failure last = host.host().telemetry().live().failures().getLast();
        assertEquals("alpha/thrower@production", last.deployment());
        assertTrue(last.detail().contains("target blew up"), last.detail());
    }

    @Test
    void serverErrorsAndLimitTripsAreCounted() {
        Map<String, Double> before = scrape();
        assertEquals(500, host.get("thrower.alpha.localhost", "/").statusCode());
        HttpResponse<String> stopped = host.get("spinner.alpha.localhost", "/");
        assertEquals(503, stopped.statusCode(), stopped.body());
        Map<String, Double> after = scrape();
        String[] thrown = deployment("thrower", "via", "public", "status", "5xx");
        assertEquals(1, value(after, "w7s_requests_total", thrown) - value(before, "w7s_requests_total", thrown));
        String[] trip = deployment("spinner", "limit", "cpu_limit");
        assertEquals(1, value(after, "w7s_limit_trips_total", trip) - value(before, "w7s_limit_trips_total", trip));
    }

    @Test
    void deploysAndJvmAreMeasuredAndLabelsStayBounded() {
        Map<String, Double> samples = scrape();
        assertEquals(1, value(samples, "w7s_deploys_total", deployment("echo", "kind", "deploy", "outcome", "ok")));
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "JVM memory");
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_")), "GC");
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_threads_live_threads")), "threads");
        for (String key : samples.keySet()) {
            assertFalse(key.contains("/item/") || key.contains("/who") || key.contains("/status/"), "no paths in labels: " + key);
        }
    }
}
