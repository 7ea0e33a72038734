package io.w7s.host.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.support.TestHost;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API on a real host: deploy (as an archive), list and undeploy while it serves. */
class AdminApiTest {
    static final Path RPC = Path.of("src/test/rpc").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static TestHost host(AdminConfig admin) {
        return TestHost.start(HostConfig.of(List.of(
                new AppSource(RPC.resolve("alpha/caller"), "production", null),
                new AppSource(RPC.resolve("alpha/echo"), "production", null))).withAdmin(admin));
    }

    private static HttpRequest.Builder admin(TestHost host, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.host().adminPort() + path));
    }

    private static HttpResponse<String> put(TestHost host, String path, byte[] archive) {
        return host.send(admin(host, path).PUT(HttpRequest.BodyPublishers.ofByteArray(archive)).build());
    }

    static byte[] pack(Path folder) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AppArchive.pack(folder, out);
        return out.toByteArray();
    }

    private static String rpcTo(String path) {
        return JSON.createObjectNode().put("url", "https://w7s.internal/api/v1/rpc/alpha/echo" + path).toString();
    }

    @Test
    void aSecondEnvironmentDeployedThroughTheApiCallsItsOwnTargetByRpc() throws Exception {
        try (TestHost host = host(new AdminConfig(AdminConfig.LOOPBACK, 0, null))) {
            HttpResponse<String> caller = put(host, "/api/v1/deployments/alpha/caller?env=feature%2Fx", pack(RPC.resolve("alpha/caller")));
            assertEquals(201, caller.statusCode(), caller.body());
            JsonNode d = JSON.readTree(caller.body()).get("deployment");
            assertEquals("alpha/caller", d.get("repository").asText());
            assertEquals("feature/x", d.get("environment").asText());
            assertEquals("http://feature-x--caller.alpha.localhost:" + host.port() + "/", d.get("url").asText());

            // The target is not in feature/x yet: the caller there gets not_deployed, not production's echo.
            HttpResponse<String> missing = host.send(host.request("feature-x--caller.alpha.localhost", "/call")
                    .POST(HttpRequest.BodyPublishers.ofString(rpcTo("/who"))).build());
            assertEquals(404, JSON.readTree(missing.body()).get("status").asInt(), missing.body());

            assertEquals(201, put(host, "/api/v1/deployments/alpha/echo?env=feature%2Fx", pack(RPC.resolve("alpha/echo"))).statusCode());
            HttpResponse<String> called = host.send(host.request("feature-x--caller.alpha.localhost", "/call")
                    .POST(HttpRequest.BodyPublishers.ofString(rpcTo("/who"))).build());
            JsonNode echoed = JSON.readTree(JSON.readTree(called.body()).get("body").asText());
            assertEquals("feature/x", echoed.get("headers").get("x-w7s-rpc-caller-environment").asText(), called.body());

            java.nio.file.Path withSecrets = java.nio.file.Files.createDirectories(tmp.resolve("secretive"));
            java.nio.file.Files.writeString(withSecrets.resolve("index.js"), "export default { fetch: () => new Response('ok') };");
            java.nio.file.Files.writeString(withSecrets.resolve("w7s.json"), "{\"vars\": {\"PLAIN\": \"var-value-1234\"}}");
            java.nio.file.Files.writeString(withSecrets.resolve(".dev.vars"), "API_KEY=secret-value-5678\n");
            host.host().deploy(withSecrets, "feature/x", "alpha/secretive");
            String listing = host.send(admin(host, "/api/v1/deployments").GET().build()).body();
            assertFalse(listing.contains("var-value-1234") || listing.contains("secret-value-5678") || listing.contains("API_KEY"), listing);
            JsonNode listed = JSON.readTree(listing).get("deployments");
            assertEquals(5, listed.size(), listed.toString());
            for (JsonNode e : listed) {
                assertTrue(e.get("modules").asInt() >= 1);
                assertTrue(e.get("entry").asText().endsWith(".ts") || e.get("entry").asText().endsWith(".js"), e.toString());
                assertFalse(e.toString().toLowerCase().contains("token"), e.toString());
            }

            HttpResponse<String> removed = host.send(admin(host, "/api/v1/deployments/alpha/echo?env=feature%2Fx").DELETE().build());
            assertEquals(200, removed.statusCode(), removed.body());
            assertEquals(404, host.get("feature-x--echo.alpha.localhost", "/who").statusCode());
            assertEquals(200, host.get("echo.alpha.localhost", "/who").statusCode(), "production is untouched");
            HttpResponse<String> again = host.send(admin(host, "/api/v1/deployments/alpha/echo?env=feature%2Fx").DELETE().build());
            assertEquals(404, again.statusCode());
            assertEquals("not_deployed", JSON.readTree(again.body()).get("error").get("code").asText());
        }
    }

    @Test
    void aFolderThatDoesNotDeployIsRefusedWithItsFileAndLineAndTheOldVersionKeepsServing() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("echo/src"));
        Files.writeString(app.resolve("index.ts"), "export default {\n  fetch() { return new Response('x' }\n};\n");
        try (TestHost host = host(new AdminConfig(AdminConfig.LOOPBACK, 0, null))) {
            HttpResponse<String> r = put(host, "/api/v1/deployments/alpha/echo", pack(tmp.resolve("echo")));
            assertEquals(400, r.statusCode(), r.body());
            JsonNode error = JSON.readTree(r.body()).get("error");
            assertEquals("deploy_failed", error.get("code").asText());
            assertTrue(error.get("message").asText().startsWith("alpha/echo: src/index.ts:2:"), r.body());
            assertFalse(r.body().contains("w7s-upload"), "no path of the host's upload folder: " + r.body());
            assertEquals(200, host.get("echo.alpha.localhost", "/who").statusCode(), "the old version still serves");

            Files.writeString(tmp.resolve("echo/w7s.json"), "{\"limits\": {\"cpu_ms\": \"lots\"}}");
            Files.writeString(app.resolve("index.ts"), "export default { fetch: () => new Response('new') };\n");
            r = put(host, "/api/v1/deployments/alpha/echo", pack(tmp.resolve("echo")));
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("w7s.json: limits.cpu_ms"), r.body());

            assertEquals("bad_archive", JSON.readTree(put(host, "/api/v1/deployments/alpha/echo", "not a tar.gz".getBytes()).body())
                    .get("error").get("code").asText());
            HttpResponse<String> escaping = put(host, "/api/v1/deployments/alpha/echo", tarGz(Map.of("../../escaped.ts", "x", "index.js", "y")));
            assertEquals(400, escaping.statusCode());
            assertTrue(escaping.body().contains("outside the app folder"), escaping.body());
            assertEquals(400, put(host, "/api/v1/deployments/alpha/echo?env=bad%20env", pack(RPC.resolve("alpha/echo"))).statusCode());
            assertEquals(400, put(host, "/api/v1/deployments/al%20pha/echo", pack(RPC.resolve("alpha/echo"))).statusCode());
            assertEquals("target says 201", host.get("echo.alpha.localhost", "/status/201").body(), "the old version still serves");

            Files.delete(tmp.resolve("echo/w7s.json"));
            r = put(host, "/api/v1/deployments/alpha/echo", pack(tmp.resolve("echo")));
            assertEquals(200, r.statusCode(), "a redeploy: " + r.body());
            assertEquals("new", host.get("echo.alpha.localhost", "/who").body());
        }
    }

    @Test
    void aTokenFileMakesTheTokenRequired() throws Exception {
        Path tokenFile = Files.writeString(tmp.resolve("token"), "0123456789abcdef-secret\n");
        try (TestHost host = host(new AdminConfig(AdminConfig.LOOPBACK, 0, tokenFile))) {
            assertEquals(401, host.send(admin(host, "/api/v1/deployments").GET().build()).statusCode());
            assertEquals(401, host.send(admin(host, "/api/v1/deployments").header("authorization", "Bearer wrong").GET().build()).statusCode());
            HttpResponse<String> refused = put(host, "/api/v1/deployments/alpha/echo", pack(RPC.resolve("alpha/echo")));
            assertEquals(401, refused.statusCode());
            assertFalse(refused.body().contains("0123456789abcdef"), "the error never shows the token");
            assertEquals(200, host.send(admin(host, "/api/v1/deployments").header("authorization", "Bearer 0123456789abcdef-secret")
                    .GET().build()).statusCode());
        }
    }

    @Test
    void anAdminApiOffLoopbackGeneratesATokenOnlyItsUserCanRead() throws Exception {
        String before = System.getProperty("w7s.stateHome");
        System.setProperty("w7s.stateHome", tmp.toString());
        try (TestHost host = host(new AdminConfig("0.0.0.0", 0, null))) {
            Path file = tmp.resolve("w7s/admin-token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String token = AdminToken.read(file);
            assertEquals(401, host.send(admin(host, "/api/v1/deployments").GET().build()).statusCode());
            assertEquals(200, host.send(admin(host, "/api/v1/deployments").header("authorization", "Bearer " + token).GET().build())
                    .statusCode());
        } finally {
            if (before == null) System.clearProperty("w7s.stateHome");
            else System.setProperty("w7s.stateHome", before);
        }
    }

    @Test
    void deployingAndUndeployingNeverFailsRequestsToOtherDeployments() throws Exception {
        try (TestHost host = host(new AdminConfig(AdminConfig.LOOPBACK, 0, null))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            CountDownLatch running = new CountDownLatch(2);
            List<Thread> clients = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                boolean viaRpc = i == 0;
                clients.add(Thread.ofPlatform().start(() -> {
                    running.countDown();
                    while (!stop.get()) {
                        String outcome;
                        try {
                            outcome = viaRpc
                                    ? "rpc " + JSON.readTree(host.send(host.request("caller.alpha.localhost", "/call")
                                            .POST(HttpRequest.BodyPublishers.ofString(rpcTo("/status/200"))).build()).body()).get("status").asInt()
                                    : "public " + host.get("echo.alpha.localhost", "/status/200").statusCode();
                        } catch (Exception e) {
                            outcome = e.toString();
                        }
                        if (outcome.endsWith(" 200")) answered.incrementAndGet();
                        else failures.merge(outcome, 1, Integer::sum);
                    }
                }));
            }
            running.await();
            byte[] echo = pack(RPC.resolve("alpha/echo"));
            for (int round = 0; round < 5; round++) {
                assertEquals(201, put(host, "/api/v1/deployments/alpha/echo?env=staging", echo).statusCode());
                assertEquals(200, put(host, "/api/v1/deployments/alpha/echo", echo).statusCode(), "a redeploy of the one under load");
                assertEquals(200, host.send(admin(host, "/api/v1/deployments/alpha/echo?env=staging").DELETE().build()).statusCode());
            }
            stop.set(true);
            for (Thread t : clients) t.join();
            assertEquals(Map.of(), failures, "answered: " + answered.get());
            assertTrue(answered.get() > 0);
        }
    }

    /** A tar.gz with these entries, as a hostile client could write it. */
    private static byte[] tarGz(Map<String, String> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
