package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.support.CliProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code w7s dev} as a user runs it (a real process): a save under load reloads with no failed
 * request, a TypeScript error keeps the old version and shows file:line with a code frame, the
 * fix recovers, and each request is in the access log.
 */
class DevCommandTest {
    @TempDir
    Path tmp;

    private Path index;

    private void write(String version) throws Exception {
        Files.writeString(index, "const version: string = \"" + version + "\";\n"
                + "export default { fetch: (request: Request): Response => new Response(version) };\n");
    }

    @Test
    void aSaveReloadsUnderLoadAndAnErrorKeepsTheLastGoodVersion() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("live/src"));
        index = app.resolve("index.ts");
        write("v1");
        try (CliProcess dev = CliProcess.start(List.of(), "dev", "--repo", "alpha/live", tmp.resolve("live").toString(),
                "--port", "0", "--no-admin", "--no-compile-cache")) {
            int port = dev.awaitListening();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Host", "live.alpha.localhost").build();
            assertEquals("v1", http.send(get, HttpResponse.BodyHandlers.ofString()).body());
            dev.awaitLine(l -> l.contains("→ alpha/live GET / 200 "));

            AtomicBoolean stop = new AtomicBoolean();
            Map<String, Integer> outcomes = new ConcurrentHashMap<>();
            CountDownLatch running = new CountDownLatch(1);
            Thread load = Thread.ofPlatform().start(() -> {
                running.countDown();
                while (!stop.get()) {
                    String outcome;
                    try {
                        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                        outcome = r.statusCode() + " " + r.body();
                    } catch (Exception e) {
                        outcome = e.toString();
                    }
                    outcomes.merge(outcome, 1, Integer::sum);
                }
            });
            running.await();
            write("v2");
            dev.awaitLine(l -> l.matches(".*reloaded alpha/live@production in \\d+ ms \\(1 file\\)"));
            assertEquals("v2", http.send(get, HttpResponse.BodyHandlers.ofString()).body());
            stop.set(true);
            load.join();
            assertTrue(outcomes.keySet().stream().allMatch(o -> o.equals("200 v1") || o.equals("200 v2")), outcomes.toString());

            Files.writeString(index, "const version: string = \"v3\";\nexport default { fetch: () => new Response(version };\n");
            dev.awaitLine(l -> l.contains("reload of") && l.contains("failed; the last good version keeps serving"));
            dev.awaitLine(l -> l.contains("src/index.ts:2:"));
            dev.awaitLine(l -> l.contains("> 2 | export default { fetch: () => new Response(version };"));
            assertEquals("v2", http.send(get, HttpResponse.BodyHandlers.ofString()).body());

            write("v3");
            dev.awaitLine(l -> l.contains("reloaded alpha/live@production"));
            assertEquals("v3", http.send(get, HttpResponse.BodyHandlers.ofString()).body());
        }
    }
}
