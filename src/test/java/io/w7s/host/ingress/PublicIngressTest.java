package io.w7s.host.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.support.TestHost;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Host-name routing, header hygiene and body limits of the public side. */
class PublicIngressTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int LIMIT = 4096;
    static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(new HostConfig(0, "localhost", LIMIT, List.of(
                new AppSource(TestHost.TEST_APPS.resolve("test/basics"), "production", null),
                new AppSource(TestHost.TEST_APPS.resolve("test/basics"), "feature/X", null),
                new AppSource(TestHost.TEST_APPS.resolve("test/other"), "production", null))));
        assertEquals(List.of(), host.host().deployErrors());
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void rpcHeadersFromOutsideAreRemovedWhateverTheirCase() throws Exception {
        HttpResponse<String> r = host.send(host.request("basics.test.localhost", "/echo")
                .header("X-W7S-RPC", "1")
                .header("x-w7s-rpc-caller-owner", "evil")
                .header("X-W7s-Rpc-Caller-Repository", "evil/app")
                .header("x-w7s-rpcanything", "x")
                .header("x-w7s-other", "kept")
                .GET().build());
        JsonNode headers = JSON.readTree(r.body()).get("headers");
        for (Iterator<String> it = headers.fieldNames(); it.hasNext(); ) {
            assertFalse(it.next().startsWith("x-w7s-rpc"), "an x-w7s-rpc* header got through: " + headers);
        }
        assertEquals("kept", headers.get("x-w7s-other").asText());
    }

    @Test
    void unknownHostIs404Json() throws Exception {
        for (String name : List.of("nope.test.localhost", "basics.nobody.localhost", "basics.test.example.com", "localhost", "test.localhost")) {
            HttpResponse<String> r = host.get(name, "/");
            assertEquals(404, r.statusCode(), name);
            assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
            assertEquals("not_found", JSON.readTree(r.body()).get("error").get("code").asText(), name);
        }
    }

    @Test
    void hostNamesAreCaseInsensitiveAndPickTheEnvironment() throws Exception {
        JsonNode prod = JSON.readTree(host.get("Basics.Test.LOCALHOST", "/env").body());
        assertEquals("production", prod.get("W7S_ENVIRONMENT").asText());
        JsonNode branch = JSON.readTree(host.get("feature-x--basics.test.localhost", "/env").body());
        assertEquals("feature/X", branch.get("W7S_ENVIRONMENT").asText());
    }

    @Test
    void appsDoNotShareGlobals() {
        assertEquals("basics", host.get("basics.test.localhost", "/global").body());
        assertEquals("other", host.get("other.test.localhost", "/").body());
        // The same repository in another environment is another isolate too.
        assertEquals("basics", host.get("feature-x--basics.test.localhost", "/global").body());
    }

    @Test
    void bodiesUpToTheLimitPassAndLargerOnesGet413() {
        HttpResponse<byte[]> ok = host.sendBytes(host.request("basics.test.localhost", "/echo-bytes")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT])).build());
        assertEquals(201, ok.statusCode());
        assertEquals(LIMIT, ok.body().length);

        HttpResponse<String> tooLarge = host.send(host.request("basics.test.localhost", "/echo-bytes")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT + 1])).build());
        assertEquals(413, tooLarge.statusCode());

        // Without content-length (chunked) the limit holds too.
        HttpResponse<String> chunked = host.send(host.request("basics.test.localhost", "/echo-bytes")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[LIMIT * 3]))).build());
        assertEquals(413, chunked.statusCode());
    }

    @Test
    void defaultBodyLimitIsTenMebibytes() {
        assertEquals(10L * 1024 * 1024, HostConfig.of(List.of()).maxBodyBytes());
    }

    @Test
    void headRequestsGetNoBody() {
        HttpResponse<String> r = host.send(host.request("other.test.localhost", "/").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().isEmpty());
    }
}
