package io.w7s.host.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.w7s.host.support.CliProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three host processes from one manifest behind a real HAProxy (health-checking {@code /readyz}), under load:
 * (1) a new version is published — every replica converges, no request fails, the new answer appears;
 * (3) a broken version is published — every replica keeps the last good one and {@code /readyz} says why;
 * (2) a replica is killed — at most its in-flight requests fail, the rest go on.
 * The manifest and bundles come from a static HTTP server, as from an object store. Longer run (README):
 * {@code -Dw7s.replicas.requests=20000} requests per phase instead of 300.
 */
class ReplicasTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int REPLICAS = 3;
    static final int CLIENTS = 6;
    static final long PER_PHASE = Long.getLong("w7s.replicas.requests", 300);
    static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final AtomicReference<byte[]> manifest = new AtomicReference<>();
    private final Gate ok = new Gate();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    record Replica(CliProcess process, int port, int adminPort) {
    }

    private Bundle version(String text, boolean broken) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src-" + text).resolve("acme/one"));
        Files.writeString(dir.resolve("index.js"), broken ? "export default { fetch( {\n"
                : "export default { fetch() { return new Response(" + JSON.writeValueAsString(text) + "); } };\n");
        return Bundle.write(dir, tmp.resolve("static"));
    }

    private void publish(Bundle b) throws Exception {
        ObjectNode entry = JSON.createObjectNode().put("repository", "acme/one").put("bundle", b.file().getFileName().toString()).put("digest", b.digest());
        ObjectNode root = JSON.createObjectNode();
        root.putArray("deployments").add(entry);
        manifest.set(JSON.writeValueAsBytes(root));
    }

    private HttpServer staticServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals(HAPROXY_RUNNING)) haproxyRunning.complete(null);
            byte[] body = path.equals(HAPROXY_RUNNING) ? new byte[0]
                    : path.equals("/manifest.json") ? manifest.get() : Files.readAllBytes(tmp.resolve("static").resolve(path.substring(1)));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String get(int port, String host, String path) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Host", host).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            StringBuilder chain = new StringBuilder("error " + e);
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) chain.append(" <- ").append(c);
            return chain.append(" at ").append(java.time.Instant.now()).toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** A count that tests wait on: each increment wakes the waiters (the bound only ends a failed test). */
    static final class Gate {
        private long count;

        synchronized void increment() {
            count++;
            notifyAll();
        }

        synchronized long get() {
            return count;
        }

        synchronized void awaitAtLeast(long target) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (count < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("timed out at " + count + " of " + target + " successful requests");
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Lets the load run until {@code n} more requests succeeded. */
    private void moreRequests(long n) throws InterruptedException {
        ok.awaitAtLeast(ok.get() + n);
    }

    /** HAProxy's output, a line at a time, for the events it logs (a server going down). */
    private final java.util.concurrent.LinkedBlockingQueue<String> haproxyLines = new java.util.concurrent.LinkedBlockingQueue<>();
    /** The same lines, kept for a failure's message (a server's state changes say why HAProxy answered 503). */
    private final List<String> haproxyLog = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The failed requests, and what HAProxy logged about its servers and itself. */
    private String whatFailed() {
        List<String> said;
        synchronized (haproxyLog) {
            said = haproxyLog.stream().filter(l -> l.contains("Server ") || l.contains("ALERT") || l.contains("WARNING")).toList();
        }
        return failures + "; HAProxy logged: " + said;
    }

    /** The path HAProxy's probe backend checks on the static server: its first check says HAProxy runs. */
    static final String HAPROXY_RUNNING = "/haproxy-running";
    private final java.util.concurrent.CompletableFuture<Void> haproxyRunning = new java.util.concurrent.CompletableFuture<>();

    /**
     * Waits until HAProxy accepts connections. Its last start-up line ("Using epoll()") comes before it binds its
     * listeners (checked: a connect right after that line was refused 20 times in 20; a request sent then failed
     * in CI), and it logs nothing once they are bound. It runs its health checks only from its event loop, after
     * binding: the first check of the probe backend, on the static server, is the event (checked: a connect
     * right after it was refused 0 times in 20).
     */
    private void awaitHaproxyRunning(Process haproxy) throws Exception {
        java.util.concurrent.CompletableFuture.anyOf(haproxyRunning, haproxy.onExit()).get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        if (!haproxyRunning.isDone()) throw new AssertionError("HAProxy exited; it said: " + haproxyLog);
    }

    private void awaitHaproxy(java.util.function.Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            String line = haproxyLines.poll(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            if (line == null) throw new AssertionError("HAProxy did not log the expected line; see " + tmp.resolve("haproxy.cfg"));
            if (match.test(line)) return;
        }
    }

    @Test
    void threeReplicasRollOutBehindHaproxyWithoutFailingRequests() throws Exception {
        Path haproxyBin = Path.of("/usr/sbin/haproxy");
        assertTrue(Files.isExecutable(haproxyBin), "HAProxy is needed (Debian package haproxy; .ci/run installs it)");
        Bundle v1 = version("v1", false);
        publish(v1);
        HttpServer statics = staticServer();
        List<Replica> replicas = new ArrayList<>();
        Process haproxy = null;
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> load = new ArrayList<>();
        try {
            String manifestUrl = "http://127.0.0.1:" + statics.getAddress().getPort() + "/manifest.json";
            List<CliProcess> started = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                started.add(CliProcess.start(List.of("-Xmx512m"), "serve", "--manifest", manifestUrl, "--manifest-poll", "1", "--port", "0",
                        "--admin-port", "0", "--cache-dir", tmp.resolve("replica-" + i).toString()));
            }
            for (CliProcess p : started) {
                String admin = p.awaitAny(l -> l.contains("admin API on http://127.0.0.1:"));
                int adminPort = Integer.parseInt(admin.replaceAll(".*admin API on http://127\\.0\\.0\\.1:(\\d+)/.*", "$1"));
                replicas.add(new Replica(p, p.awaitListening(), adminPort));
            }

            int front = freePort();
            // Checks every 200 ms, a replica down after 2 failed ones: a killed replica refuses at once. "timeout check"
            // lets a slow answer count (the default, "inter", marked all three down on a busy 2-core machine).
            StringBuilder cfg = new StringBuilder("""
                    global
                      maxconn 2000
                    defaults
                      mode http
                      timeout connect 2s
                      timeout client 60s
                      timeout server 60s
                      timeout check 10s
                      retries 3
                      option redispatch
                      retry-on conn-failure empty-response
                    frontend public
                      bind 127.0.0.1:%d
                      default_backend replicas
                    backend probe
                      option httpchk
                      http-check send meth GET uri %s ver HTTP/1.1 hdr Host localhost
                      server statics 127.0.0.1:%d check
                    backend replicas
                      balance roundrobin
                      option httpchk
                      http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host localhost
                      http-check expect status 200
                      default-server inter 200ms fall 2 rise 1
                    """.formatted(front, HAPROXY_RUNNING, statics.getAddress().getPort()));
            for (int i = 0; i < REPLICAS; i++) {
                cfg.append("  server r").append(i).append(" 127.0.0.1:").append(replicas.get(i).port())
                        .append(" check port ").append(replicas.get(i).adminPort()).append('\n');
            }
            Path cfgFile = Files.writeString(tmp.resolve("haproxy.cfg"), cfg.toString());
            // Servers with checks start UP (the replicas are ready: their first manifest round ran before they printed
            // their port); -V makes HAProxy log each one going down.
            haproxy = new ProcessBuilder(haproxyBin.toString(), "-db", "-V", "-f", cfgFile.toString()).redirectErrorStream(true).start();
            Process proxy = haproxy;
            Thread.ofVirtual().start(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(proxy.getInputStream()))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        haproxyLog.add(line);
                        haproxyLines.add(line);
                    }
                } catch (IOException ignored) {
                    // HAProxy stopped
                }
            });
            awaitHaproxyRunning(haproxy);

            for (int c = 0; c < CLIENTS; c++) {
                load.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        String r = get(front, "one.acme.localhost", "/");
                        if (r.startsWith("200 ")) {
                            ok.increment();
                            lastBody.set(r.substring(4));
                        } else {
                            failed.incrementAndGet();
                            failures.add(r);
                        }
                    }
                }));
            }
            moreRequests(PER_PHASE);
            assertEquals("v1", lastBody.get());

            // (1) A new version: every replica converges, nobody sees a failure.
            Bundle v2 = version("v2", false);
            long published = System.nanoTime();
            publish(v2);
            for (Replica r : replicas) r.process().awaitLine(l -> l.contains("manifest: acme/one@production serves " + v2.digest()));
            long convergedMillis = (System.nanoTime() - published) / 1_000_000;
            for (Replica r : replicas) assertEquals("200 v2", get(r.port(), "one.acme.localhost", "/"));
            moreRequests(PER_PHASE);
            assertEquals(0, failed.get(), "requests failed during the rollout: " + whatFailed());
            long phase1 = ok.get();

            // (3) A broken version: every replica keeps v2 and says why on /readyz (still 200: it serves).
            Bundle v3 = version("v3", true);
            publish(v3);
            for (Replica r : replicas) {
                r.process().awaitLine(l -> l.contains("manifest: acme/one@production not loaded: " + v3.digest()));
                String ready = get(r.adminPort(), "localhost", "/readyz");
                assertTrue(ready.startsWith("200 ") && ready.contains("\"stale\"") && ready.contains("acme/one@production"), ready);
            }
            moreRequests(PER_PHASE);
            assertEquals(0, failed.get(), "requests failed after the broken version: " + whatFailed());
            assertEquals("v2", lastBody.get());
            JsonNode why = JSON.readTree(get(replicas.getFirst().adminPort(), "localhost", "/readyz").substring(4));
            assertTrue(why.get("stale").get("acme/one@production").asText().contains("index.js"), why.toString());
            long phase3 = ok.get();

            // (2) A replica dies: at most its in-flight requests fail; the others go on.
            replicas.getFirst().process().process().destroyForcibly().waitFor();
            long failedAtKill = failed.get();
            awaitHaproxy(l -> l.contains("Server replicas/r0 is DOWN"));
            moreRequests(PER_PHASE);
            long lostToKill = failed.get() - failedAtKill;
            assertTrue(lostToKill <= CLIENTS, "more requests failed than were in flight on the dead replica: " + whatFailed());
            assertEquals("v2", lastBody.get());

            System.out.printf("replicas: %d requests ok, %d failed; v1→v2 converged on all %d replicas in %d ms after publishing"
                            + " (manifest read every 1 s); phases: %d / %d / %d ok; failed when a replica was killed: %d%n",
                    ok.get(), failed.get(), REPLICAS, convergedMillis, phase1, phase3 - phase1, ok.get() - phase3, lostToKill);
        } finally {
            stop.set(true);
            for (Thread t : load) t.join();
            if (haproxy != null) haproxy.destroyForcibly().waitFor();
            for (Replica r : replicas) r.process().close();
            statics.stop(0);
        }
    }
}
