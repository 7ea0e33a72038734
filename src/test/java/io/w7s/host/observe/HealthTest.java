package io.w7s.host.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.admin.AdminConfig;
import io.w7s.host.support.TestHost;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz} and {@code /readyz} on the admin listener, before and after deployments load, with one that fails. */
class HealthTest {
    static final Path RPC = Path.of("src/test/rpc/alpha").toAbsolutePath();
    static final Path BROKEN = Path.of("src/test/startup/alpha/broken").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static HttpResponse<String> admin(TestHost host, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.host().adminPort() + path));
        if (token != null) b.header("authorization", "Bearer " + token);
        return host.send(b.build());
    }

    private static TestHost host(AdminConfig admin, AppSource... apps) {
        return TestHost.start(HostConfig.of(List.of(apps)).withAdmin(admin).withTelemetry(TelemetryConfig.METRICS));
    }

    @Test
    void readyOnceEveryDeploymentServesAndNotWhileOneLoads() throws Exception {
        try (TestHost host = host(new AdminConfig(AdminConfig.LOOPBACK, 0, null), new AppSource(RPC.resolve("echo"), "production", null))) {
            assertEquals(200, admin(host, "/healthz", null).statusCode());
            HttpResponse<String> ready = admin(host, "/readyz", null);
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("ready", JSON.readTree(ready.body()).get("status").asText());

            host.host().announce(RPC.resolve("caller"), "staging", null); // listed, not loaded yet: as while a host starts
            HttpResponse<String> loading = admin(host, "/readyz", null);
            assertEquals(503, loading.statusCode(), loading.body());
            JsonNode waiting = JSON.readTree(loading.body()).get("deployments");
            assertEquals("loading", waiting.get("alpha/caller@staging").asText(), loading.body());
            assertEquals(1, waiting.size(), loading.body());
            assertEquals(200, admin(host, "/healthz", null).statusCode(), "alive while not ready");

            host.host().deploy(RPC.resolve("caller"), "staging", null);
            assertEquals(200, admin(host, "/readyz", null).statusCode());
        }
    }

    @Test
    void aDeploymentThatFailedToLoadKeepsTheHostNotReadyAndSaysWhy() throws Exception {
        try (TestHost host = host(new AdminConfig(AdminConfig.LOOPBACK, 0, null),
                new AppSource(RPC.resolve("echo"), "production", null), new AppSource(BROKEN, "production", null))) {
            HttpResponse<String> r = admin(host, "/readyz", null);
            assertEquals(503, r.statusCode(), r.body());
            JsonNode why = JSON.readTree(r.body()).get("deployments");
            assertEquals(1, why.size(), r.body());
            assertTrue(why.get("alpha/broken@production").asText().startsWith("failed: "), r.body());
            assertEquals(200, host.get("echo.alpha.localhost", "/x").statusCode(), "the others serve");

            // A failed redeploy of a serving deployment leaves it serving: still ready as far as it goes.
            Path fixed = tmp.resolve("broken");
            Files.createDirectories(fixed);
            Files.writeString(fixed.resolve("index.js"), "export default { fetch() { return new Response('fixed'); } };\n");
            host.host().deploy(fixed, "production", "alpha/broken");
            assertEquals(200, admin(host, "/readyz", null).statusCode(), "fixed by a deploy");
            Files.writeString(fixed.resolve("index.js"), "export default { fetch( {\n");
            assertTrue(assertThrowsDeploy(host, fixed));
            assertEquals(200, admin(host, "/readyz", null).statusCode(), "the last good version serves");
        }
    }

    private static boolean assertThrowsDeploy(TestHost host, Path folder) {
        try {
            host.host().deploy(folder, "production", "alpha/broken");
            return false;
        } catch (io.w7s.host.deploy.DeployException e) {
            return true;
        }
    }

    @Test
    void aLoopbackListenerWithoutTokenAnswersOnlyLoopbackNames() throws Exception {
        try (TestHost host = host(new AdminConfig(AdminConfig.LOOPBACK, 0, null), new AppSource(RPC.resolve("echo"), "production", null))) {
            String base = "http://127.0.0.1:" + host.host().adminPort();
            // A page at evil.example whose name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own Host.
            HttpResponse<String> rebound = host.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/deployments"))
                    .header("Host", "evil.example:" + host.host().adminPort()).build());
            assertEquals(403, rebound.statusCode(), rebound.body());
            assertTrue(rebound.body().contains("forbidden_host"), rebound.body());
            assertEquals(403, host.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Host", "evil.example").build()).statusCode());
            for (String name : new String[] {"localhost", "127.0.0.1", "[::1]", "admin.localhost"}) {
                assertEquals(200, host.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/deployments"))
                        .header("Host", name + ":" + host.host().adminPort()).build()).statusCode(), name);
            }
            assertEquals(200, host.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).header("Host", "10.0.0.7").build()).statusCode(),
                    "probes answer any name");
        }
    }

    @Test
    void probesNeedNoTokenButMetricsDo() throws Exception {
        Path tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, "s3cret-admin-token\n");
        try (TestHost host = host(new AdminConfig(AdminConfig.LOOPBACK, 0, tokenFile), new AppSource(RPC.resolve("echo"), "production", null))) {
            assertEquals(200, admin(host, "/healthz", null).statusCode());
            assertEquals(200, admin(host, "/readyz", null).statusCode());
            assertEquals(401, admin(host, "/metrics", null).statusCode());
            HttpResponse<String> metrics = admin(host, "/metrics", "s3cret-admin-token");
            assertEquals(200, metrics.statusCode());
            assertFalse(metrics.body().contains("s3cret"), "no token in metrics");
        }
    }
}
