package io.w7s.host.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.support.BrowserPage;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.Chromium;
import io.w7s.host.support.TestHost;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium (Debian's chromium package, over the DevTools protocol) against a real host
 * and its admin listener: it loads without a console error, lists the deployments, draws an RPC edge within 2 s of
 * traffic, shows a failed request's mapped stack and an app's log lines, and stays usable with 100 deployments.
 * The first test writes target/dashboard.png (the README's screenshot is a copy).
 */
class DashboardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path APPS = Path.of("apps").toAbsolutePath();
    /** demo/orders: logs a line per request, and fails /fail with a stack in its .ts source. */
    static final Path FIXTURES = Path.of("src/test/dashboard").toAbsolutePath();
    static final String CLIENT = "w7s-io/example-rpc-client@production";
    static final String DATETIME = "w7s-io/example-rpc-datetime@production";
    static final String ORDERS = "demo/orders@production";
    /** The bound: an RPC edge is on the page within 2 s of traffic starting. */
    static final long EDGE_WITHIN_MILLIS = 2000;
    static final String ROW_LABELS = "[...document.querySelectorAll('#deployments tbody tr')].map(tr => tr.dataset.label)";

    @TempDir
    Path tmp;

    static TestHost host(List<Path> folders) {
        List<AppSource> apps = folders.stream().map(f -> new AppSource(f, "production", null)).toList();
        return TestHost.start(HostConfig.of(apps).withAdmin(new AdminConfig(AdminConfig.LOOPBACK, 0, null)));
    }

    static String page(TestHost host) {
        return "http://127.0.0.1:" + host.host().adminPort() + "/";
    }

    static String js(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String edge(String caller, String target) {
        return "[...document.querySelectorAll('#graph .edge')].some(g => g.dataset.caller === " + js(caller)
                + " && g.dataset.target === " + js(target) + ")";
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    @Test
    void showsTheExampleDeploymentsAndAnRpcEdgeWithinTwoSecondsOfTrafficThenFailuresAndLogs() throws Exception {
        try (Chromium browser = Chromium.start()) {
            showsTheExampleDeploymentsAndAnRpcEdge(browser);
        }
    }

    private void showsTheExampleDeploymentsAndAnRpcEdge(Chromium browser) throws Exception {
        TestHost host = host(List.of(APPS, FIXTURES));
        boolean closed = false;
        try (BrowserPage page = BrowserPage.open(browser, page(host), 1440, 1160)) {
            assertEquals(List.of(), host.host().deployErrors());
            List<String> deployed = host.host().registry().all().stream().map(Deployment::label).sorted().toList();
            assertTrue(deployed.containsAll(List.of(CLIENT, DATETIME, ORDERS, "guerrerocarlos/nodepad@production")), deployed.toString());
            page.awaitTrue(ROW_LABELS + ".length === " + deployed.size(), "a row per deployment");
            assertEquals(deployed, strings(page.evaluate(ROW_LABELS)), "every deployment, in label order");
            assertEquals("serving", page.evaluate("document.querySelector('#deployments tr[data-label=\"" + CLIENT + "\"] .status').textContent").asText());
            assertEquals(0, page.evaluate("document.querySelectorAll('#graph .edge').length").asInt(), "no RPC call yet");

            // Both apps run once without RPC (no edge yet), so that the first call is not all cold code. The bound
            // counts from the first answer all the same: how long that request takes is not the dashboard's doing.
            assertEquals(200, host.get("example-rpc-datetime.w7s-io.localhost", "/").statusCode());
            assertEquals(404, host.get("example-rpc-client.w7s-io.localhost", "/warm-up").statusCode());
            long shownAt;
            long firstAnsweredAt;
            long startedAt;
            try (Traffic traffic = new Traffic(host, List.of("example-rpc-client.w7s-io.localhost"), 0)) {
                startedAt = traffic.startedAt;
                shownAt = page.awaitTrue(edge(CLIENT, DATETIME), "the edge " + CLIENT + " → " + DATETIME);
                firstAnsweredAt = traffic.firstAnswered.get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS);
                traffic.check();
            }
            long elapsed = shownAt - firstAnsweredAt;
            System.out.println("DashboardTest: the RPC edge was on the page " + elapsed + " ms after the first request through it was answered ("
                    + (firstAnsweredAt - startedAt) + " ms after it was sent), " + (shownAt - startedAt) + " ms after traffic started");
            assertTrue(elapsed <= EDGE_WITHIN_MILLIS, "the edge appeared " + elapsed + " ms after traffic started (bound: " + EDGE_WITHIN_MILLIS + " ms)");

            // A failed request with its stack mapped to the app's TypeScript, and the app's log lines.
            assertEquals(200, host.get("orders.demo.localhost", "/").statusCode());
            assertEquals(500, host.get("orders.demo.localhost", "/fail").statusCode());
            String failure = "document.querySelector('#failures li[data-deployment=\"" + ORDERS + "\"]')";
            page.awaitTrue(failure + " !== null", "the failed request of " + ORDERS);
            String stack = page.evaluate(failure + ".querySelector('pre').textContent").asText();
            assertTrue(stack.contains("only 10 in stock") && stack.contains("index.ts:"), "a stack in the app's source: " + stack);
            assertTrue(page.evaluate(failure + ".querySelector('summary').textContent").asText().contains("GET /fail"));
            page.evaluate("(() => { const s = document.getElementById('log-deployment'); s.value = " + js(ORDERS)
                    + "; s.dispatchEvent(new Event('change')); })()");
            page.awaitTrue("document.getElementById('log').textContent.includes('only 10 in stock')", "the log lines of " + ORDERS);
            assertTrue(page.evaluate("document.getElementById('log').textContent").asText().contains("order 1 placed for 1"));

            // Every example app at a gentle pace, for live rates, the whole graph and the screenshot.
            try (Traffic traffic = new Traffic(host, List.of("example-rpc-client.w7s-io.localhost", "nodepad.guerrerocarlos.localhost",
                    "storefront.guerrerocarlos.localhost", "dashboard.guerrerocarlos.localhost", "probe.mallory.localhost",
                    "orders.demo.localhost"), 25)) {
                page.awaitTrue(edge("guerrerocarlos/storefront@production", "acme/inventory@production")
                        + " && " + edge("guerrerocarlos/nodepad@production", "guerrerocarlos/auth@production"), "the example apps' edges");
                page.awaitTrue("document.querySelectorAll('#graph .edge').length >= 4 && !document.querySelector('#graph .edge.idle')"
                        + " && [...document.querySelectorAll('#deployments td.rps')].filter(td => parseFloat(td.textContent) > 0).length >= 8",
                        "request rates on every edge and deployment called");
                page.evaluate("document.querySelector('#failures details').open = true");
                page.screenshot(Path.of("target/dashboard.png"));
                traffic.check();
            }
            assertEquals(List.of(), page.errors(), "the page reported errors");

            // The host stops at once although the page is connected: its stream ends, and the page says so.
            long start = System.nanoTime();
            CompletableFuture<Void> close = CompletableFuture.runAsync(host::close);
            closed = true;
            close.get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            System.out.println("DashboardTest: the host closed in " + (System.nanoTime() - start) / 1_000_000 + " ms with a dashboard open");
            page.awaitTrue("document.getElementById('connection').dataset.state === 'reconnecting'", "the page to notice the host left");
        } finally {
            if (!closed) host.close();
        }
    }

    @Test
    void aHundredDeploymentsAreListedAndDrawnWithoutErrors() throws Exception {
        Path apps = Files.createDirectories(tmp.resolve("apps/bulk"));
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String repo = "app-%03d".formatted(i);
            Path app = Files.createDirectories(apps.resolve(repo));
            Files.writeString(app.resolve("index.js"), "export default { fetch: () => new Response('" + repo + "') };\n");
            labels.add("bulk/" + repo + "@production");
        }
        try (Chromium browser = Chromium.start();
             TestHost host = host(List.of(tmp.resolve("apps")));
             BrowserPage page = BrowserPage.open(browser, page(host), 1440, 1000)) {
            assertEquals(List.of(), host.host().deployErrors());
            page.awaitTrue(ROW_LABELS + ".length === 100", "100 rows");
            assertEquals(labels, strings(page.evaluate(ROW_LABELS)));

            for (int i = 0; i < 100; i++) assertEquals(200, host.get("app-%03d.bulk.localhost".formatted(i), "/").statusCode());
            page.awaitTrue("document.querySelectorAll('#graph .node').length === 100", "a graph node per deployment that served");
            page.screenshot(Path.of("target/dashboard-100.png"));

            page.evaluate("(() => { const f = document.getElementById('filter'); f.value = 'app-042'; f.dispatchEvent(new Event('input')); })()");
            assertEquals(List.of("bulk/app-042@production"), strings(page.evaluate(
                    "[...document.querySelectorAll('#deployments tbody tr:not([hidden])')].map(tr => tr.dataset.label)")));
            assertEquals(List.of("bulk/app-042@production"), strings(page.evaluate(
                    "[...document.querySelectorAll('#graph .node')].map(g => g.dataset.label)")), "the graph follows the filter");
            assertEquals(List.of(), page.errors(), "the page reported errors");
        }
    }

    /** Requests sent one after another from a thread until closed, {@code perSecond} at most (0: as fast as they are answered). */
    static final class Traffic implements AutoCloseable {
        final long startedAt = System.currentTimeMillis();
        final CompletableFuture<Long> firstAnswered = new CompletableFuture<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        Traffic(TestHost host, List<String> hostNames, int perSecond) {
            long pause = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
            thread = Thread.ofPlatform().name("dashboard-traffic").start(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        HttpResponse<String> r = host.get(hostNames.get(i % hostNames.size()), "/");
                        if (r.statusCode() != 200) throw new AssertionError(hostNames.get(i % hostNames.size()) + ": " + r.statusCode() + " " + r.body());
                        firstAnswered.complete(System.currentTimeMillis());
                        if (pause > 0) LockSupport.parkNanos(pause); // a steady pace, not a wait for anything
                    }
                } catch (Throwable e) {
                    failure.set(e);
                    firstAnswered.completeExceptionally(e);
                }
            });
        }

        void check() {
            if (failure.get() != null) throw new AssertionError("traffic failed: " + failure.get(), failure.get());
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }
}
