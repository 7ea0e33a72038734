package io.w7s.host.manifest;

import org.apache.commons.codec.digest.DigestUtils;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.w7s.host.HostConfig;
import io.w7s.host.admin.AdminConfig;
import io.w7s.host.deploy.HostSecrets;
import io.w7s.host.support.TestHost;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code w7s bundle} and {@code serve --manifest} on a real host: bundles are reproducible, verified by digest before
 * they load, and the host converges on every change of the manifest — add, replace (no request fails), remove — while
 * a bad digest, an unreachable bundle, a broken version or a missing secret is reported and the last good version serves.
 */
class ManifestTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** An app folder whose every response is {@code text}. */
    private Path app(String name, String text) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("src").resolve(name));
        Files.writeString(dir.resolve("index.js"), "export default { fetch(request, env) { return new Response(" + JSON.writeValueAsString(text)
                + " + (env.GREETING ? ' ' + env.GREETING : '') + (env.TOKEN ? ' token:' + env.TOKEN.length : '')); } };\n");
        return dir;
    }

    private Bundle bundle(Path folder) throws Exception {
        return Bundle.write(folder, tmp.resolve("bundles"));
    }

    private static ObjectNode entry(String repository, Bundle b) {
        ObjectNode e = JSON.createObjectNode().put("repository", repository).put("environment", "production");
        e.put("bundle", "bundles/" + b.file().getFileName()).put("digest", b.digest());
        return e;
    }

    private Path manifest(ObjectNode... entries) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("deployments");
        for (ObjectNode e : entries) list.add(e);
        Path file = tmp.resolve("manifest.json");
        Path next = tmp.resolve("manifest.json.next");
        Files.writeString(next, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private TestHost host(Path manifest, HostSecrets secrets) {
        return TestHost.start(HostConfig.of(List.of()).withSecrets(secrets)
                .withAdmin(new AdminConfig(AdminConfig.LOOPBACK, 0, null))
                .withManifest(new ManifestConfig(manifest.toString(), Duration.ofMillis(100), tmp.resolve("store"))));
    }

    private static JsonNode readyz(TestHost host) throws Exception {
        HttpResponse<String> r = host.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.host().adminPort() + "/readyz")).build());
        return ((ObjectNode) JSON.readTree(r.body())).put("http", r.statusCode());
    }

    @Test
    void aBundleIsReproducibleAndNamedByItsDigest() throws Exception {
        Path folder = app("acme/one", "v1");
        Bundle first = bundle(folder);
        Files.setLastModifiedTime(folder.resolve("index.js"), FileTime.fromMillis(0));
        Files.createDirectories(folder.resolve(".git"));
        Files.writeString(folder.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(folder.resolve(".dev.vars"), "TOKEN=local\n");
        Bundle again = Bundle.write(folder, tmp.resolve("other"));
        assertEquals(first.digest(), again.digest(), "same files, same digest (times, .git and .dev.vars do not count)");
        assertEquals("sha256-" + first.digest().substring(7) + ".tar.gz", first.file().getFileName().toString());
        Files.writeString(folder.resolve("index.js"), "export default { fetch() { return new Response('v2'); } };\n");
        assertNotEquals(first.digest(), bundle(folder).digest());
    }

    @Test
    void badManifestsNameTheEntryAndKey() {
        URI base = tmp.toUri();
        String digest = "sha256:" + "a".repeat(64);
        assertTrue(assertThrows(ManifestException.class, () -> Manifest.parse("{\"deployments\":[{\"repository\":\"acme/x\",\"bundle\":\"b\",\"digest\":\"sha1:1\"}]}".getBytes(), base))
                .getMessage().startsWith("deployments[0] (acme/x@production).digest: 'sha1:1' is not sha256:"));
        assertTrue(assertThrows(ManifestException.class, () -> Manifest.parse(("{\"deployments\":[{\"repository\":\"acme/x\",\"bundle\":\"b\",\"digest\":\"" + digest
                + "\",\"limit\":{}}]}").getBytes(), base)).getMessage().contains("unknown key \"limit\""));
        assertTrue(assertThrows(ManifestException.class, () -> Manifest.parse("{\"deployments\":[{\"repository\":\"not a repo\"}]}".getBytes(), base))
                .getMessage().contains("deployments[0].repository: 'not a repo' is not a GitHub owner/repo"));
        assertTrue(assertThrows(ManifestException.class, () -> Manifest.parse(("{\"deployments\":[{\"repository\":\"acme/x\",\"bundle\":\"b\",\"digest\":\"" + digest
                + "\"},{\"repository\":\"ACME/x\",\"bundle\":\"b\",\"digest\":\"" + digest + "\"}]}").getBytes(), base)).getMessage().contains("listed twice"));
        assertTrue(assertThrows(ManifestException.class, () -> Manifest.parse("{\"deployments\":[".getBytes(), base)).getMessage().startsWith("not valid JSON"));
    }

    @Test
    void theHostConvergesOnEveryChangeWithoutFailingARequest() throws Exception {
        Bundle one = bundle(app("acme/one", "one v1"));
        Bundle two = bundle(app("acme/two", "two v1"));
        Path file = manifest(entry("acme/one", one), entry("acme/two", two).set("vars", JSON.createObjectNode().put("GREETING", "hi")));
        try (TestHost host = host(file, HostSecrets.NONE)) {
            assertEquals("one v1", host.get("one.acme.localhost", "/").body());
            assertEquals("two v1 hi", host.get("two.acme.localhost", "/").body(), "the manifest's vars override w7s.json");
            assertEquals(200, readyz(host).get("http").asInt(), readyz(host).toString());

            // Load on one while its version changes: no request may fail.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger failed = new AtomicInteger();
            AtomicInteger served = new AtomicInteger();
            AtomicReference<String> lastSeen = new AtomicReference<>();
            Thread load = Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    HttpResponse<String> r = host.get("one.acme.localhost", "/");
                    if (r.statusCode() != 200) failed.incrementAndGet();
                    else served.incrementAndGet();
                    lastSeen.set(r.body());
                }
            });
            Bundle oneV2 = bundle(app("acme/one", "one v2"));
            manifest(entry("acme/one", oneV2), entry("acme/two", two).set("vars", JSON.createObjectNode().put("GREETING", "hi")));
            host.host().manifest().awaitFullRound();
            assertEquals("one v2", host.get("one.acme.localhost", "/").body());
            stop.set(true);
            load.join();
            assertEquals(0, failed.get(), "requests failed during the rollout (" + served.get() + " served)");

            // Removed from the manifest: undeployed; the host stays ready.
            manifest(entry("acme/one", oneV2));
            host.host().manifest().awaitFullRound();
            assertEquals(404, host.get("two.acme.localhost", "/").statusCode());
            assertEquals(200, readyz(host).get("http").asInt());
        }
    }

    @Test
    void aBadDigestAnUnreachableBundleOrABrokenVersionLeavesTheLastGoodOneServing() throws Exception {
        Bundle good = bundle(app("acme/one", "good"));
        Path file = manifest(entry("acme/one", good));
        try (TestHost host = host(file, HostSecrets.NONE)) {
            assertEquals("good", host.get("one.acme.localhost", "/").body());

            // A bundle whose bytes are not what the digest says.
            Bundle other = bundle(app("acme/one", "tampered"));
            manifest(entry("acme/one", other).put("digest", "sha256:" + "0".repeat(64)));
            host.host().manifest().awaitFullRound();
            JsonNode r = readyz(host);
            assertEquals(200, r.get("http").asInt(), "the old version serves: still ready");
            assertTrue(r.get("stale").get("acme/one@production").asText().contains("digest mismatch"), r.toString());
            assertEquals("good", host.get("one.acme.localhost", "/").body());

            // A bundle nobody serves.
            manifest(entry("acme/one", other).put("bundle", "http://127.0.0.1:1/sha256-x.tar.gz"));
            host.host().manifest().awaitFullRound();
            assertTrue(readyz(host).get("stale").get("acme/one@production").asText().contains("cannot fetch http://127.0.0.1:1/"), readyz(host).toString());
            assertEquals("good", host.get("one.acme.localhost", "/").body());

            // A version that does not deploy.
            Path broken = app("acme/one", "broken");
            Files.writeString(broken.resolve("index.js"), "export default { fetch( {\n");
            manifest(entry("acme/one", bundle(broken)));
            host.host().manifest().awaitFullRound();
            assertTrue(readyz(host).get("stale").get("acme/one@production").asText().contains("index.js"), readyz(host).toString());
            assertEquals("good", host.get("one.acme.localhost", "/").body());

            // Fixed: converges, nothing stale.
            manifest(entry("acme/one", other));
            host.host().manifest().awaitFullRound();
            assertEquals("tampered", host.get("one.acme.localhost", "/").body());
            assertFalse(readyz(host).has("stale"), readyz(host).toString());
        }
    }

    @Test
    void aDeploymentThatNeverLoadedKeepsTheHostNotReady() throws Exception {
        Bundle needsSecret = bundle(app("acme/one", "one"));
        ArrayNode secrets = JSON.createArrayNode().add("TOKEN");
        Path file = manifest((ObjectNode) entry("acme/one", needsSecret).set("secrets", secrets));
        try (TestHost host = host(file, HostSecrets.NONE)) {
            JsonNode r = readyz(host);
            assertEquals(503, r.get("http").asInt(), r.toString());
            assertTrue(r.get("deployments").get("acme/one@production").asText().contains("secret TOKEN is missing: set W7S_SECRET_ACME_ONE_TOKEN"),
                    r.toString());
        }
        try (TestHost host = host(file, HostSecrets.of(Map.of("W7S_SECRET_ACME_ONE_TOKEN", "abc")))) {
            assertEquals(200, readyz(host).get("http").asInt());
            assertEquals("one token:3", host.get("one.acme.localhost", "/").body());
        }
    }

    @Test
    void aManifestServedOverHttpIsReadAgainOnlyWhenItChanged() throws Exception {
        Bundle one = bundle(app("acme/one", "one"));
        Path bundles = tmp.resolve("bundles");
        AtomicReference<byte[]> body = new AtomicReference<>();
        AtomicInteger fullReads = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] bytes;
            if (path.equals("/manifest.json")) {
                bytes = body.get();
                String etag = "\"" + DigestUtils.sha256Hex(bytes) + "\"";
                exchange.getResponseHeaders().add("etag", etag);
                if (etag.equals(exchange.getRequestHeaders().getFirst("if-none-match"))) {
                    exchange.sendResponseHeaders(304, -1);
                    exchange.close();
                    return;
                }
                fullReads.incrementAndGet();
            } else {
                bytes = Files.readAllBytes(bundles.resolve(path.substring(path.lastIndexOf('/') + 1)));
            }
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            body.set(JSON.writeValueAsBytes(JSON.createObjectNode().set("deployments", JSON.createArrayNode().add(entry("acme/one", one)))));
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/manifest.json";
            try (TestHost host = TestHost.start(HostConfig.of(List.of()).withAdmin(new AdminConfig(AdminConfig.LOOPBACK, 0, null))
                    .withManifest(new ManifestConfig(url, Duration.ofMillis(100), tmp.resolve("store"))))) {
                assertEquals("one", host.get("one.acme.localhost", "/").body(), "the bundle is fetched relative to the manifest's URL");
                host.host().manifest().awaitFullRound();
                assertEquals(1, fullReads.get(), "unchanged: 304");
                Bundle two = bundle(app("acme/one", "two"));
                body.set(JSON.writeValueAsBytes(JSON.createObjectNode().set("deployments", JSON.createArrayNode().add(entry("acme/one", two)))));
                host.host().manifest().awaitFullRound();
                assertEquals("two", host.get("one.acme.localhost", "/").body());
            }
        } finally {
            server.stop(0);
        }
    }
}
