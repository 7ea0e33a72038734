package io.w7s.host.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.support.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The listener opens before deployments have loaded: a repository that is announced but still loading
 * answers 503 with Retry-After in public, RPC calls to it wait until it has loaded, and if it fails to
 * load they get the documented 404 not_deployed. Start order never matters to callers.
 */
class StartupOrderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CALLER = Path.of("src/test/rpc/alpha/caller").toAbsolutePath();
    static final Path ECHO = Path.of("src/test/rpc/alpha/echo").toAbsolutePath();
    static final Path BROKEN = Path.of("src/test/startup/alpha/broken").toAbsolutePath();
    static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(List.of(new AppSource(CALLER, "staging", null)));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    private static CompletableFuture<HttpResponse<String>> call(String target) {
        String spec = JSON.createObjectNode().put("url", "https://w7s.internal/api/v1/rpc/alpha/" + target).toString();
        HttpRequest request = host.request("staging--caller.alpha.localhost", "/call").POST(HttpRequest.BodyPublishers.ofString(spec)).build();
        return host.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Returns once {@code call} waits for the service's first deployment; fails if it got an answer instead. */
    private static void awaitWaiting(Service service, CompletableFuture<HttpResponse<String>> call) {
        CompletableFuture.anyOf(service.awaited(), call).join();
        if (call.isDone()) fail("the call was answered before its target loaded: " + call.join().body());
    }

    @Test
    void aLoadingDeploymentAnswers503WithRetryAfterAndRpcWaitsForIt() throws Exception {
        host.host().announce(ECHO, "staging", null);
        HttpResponse<String> early = host.get("staging--echo.alpha.localhost", "/status/200");
        assertEquals(503, early.statusCode(), early.body());
        assertEquals("1", early.headers().firstValue("retry-after").orElse(""));
        assertTrue(early.body().contains("\"deployment_loading\""), early.body());

        Service echo = host.host().registry().service("staging", "alpha", "echo");
        CompletableFuture<HttpResponse<String>> waiting = call("echo/status/200");
        awaitWaiting(echo, waiting);
        host.host().deploy(ECHO, "staging", null);
        JsonNode result = JSON.readTree(waiting.join().body());
        assertEquals(200, result.get("status").asInt(), result.toString());
        assertEquals(200, host.get("staging--echo.alpha.localhost", "/status/200").statusCode());
    }

    @Test
    void callersOfADeploymentThatFailsToLoadGetNotDeployed() throws Exception {
        host.host().announce(BROKEN, "staging", null);
        Service broken = host.host().registry().service("staging", "alpha", "broken");
        CompletableFuture<HttpResponse<String>> waiting = call("broken/");
        awaitWaiting(broken, waiting);
        assertThrows(DeployException.class, () -> host.host().deploy(BROKEN, "staging", null));
        JsonNode result = JSON.readTree(waiting.join().body());
        assertEquals(404, result.get("status").asInt(), result.toString());
        assertTrue(result.get("body").asText().contains("not_deployed"), result.toString());
        assertEquals(404, host.get("staging--broken.alpha.localhost", "/").statusCode(), "its host name is free again");
    }
}
