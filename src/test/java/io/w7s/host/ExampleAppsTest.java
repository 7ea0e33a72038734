package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.support.TestHost;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example repositories of apps/ and branch-apps/, served as `w7s serve apps --env feature-x branch-apps` does. */
class ExampleAppsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(List.of(
                new AppSource(Path.of("apps").toAbsolutePath(), "production", null),
                new AppSource(Path.of("branch-apps").toAbsolutePath(), "feature-x", null)));
        assertEquals(List.of(), host.host().deployErrors());
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    static JsonNode json(String hostName) throws Exception {
        HttpResponse<String> r = host.get(hostName, "/");
        assertEquals(200, r.statusCode(), hostName + ": " + r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void datetimeTargetReturnsTheCurrentUtcTime() throws Exception {
        JsonNode now = json("example-rpc-datetime.w7s-io.localhost");
        Instant t = Instant.parse(now.get("datetime").asText());
        assertTrue(Duration.between(t, Instant.now()).abs().toSeconds() < 60, "not the current time: " + t);
        assertTrue(now.get("datetime").asText().endsWith("Z"));
    }

    @Test
    void datetimeClientGetsItThroughRpc() throws Exception {
        JsonNode body = json("example-rpc-client.w7s-io.localhost");
        assertEquals("rpc", body.get("via").asText());
        Instant t = Instant.parse(body.get("datetime").asText());
        assertTrue(Duration.between(t, Instant.now()).abs().toSeconds() < 60);
    }

    @Test
    void nodepadGetsTheSessionFromAuth() throws Exception {
        JsonNode session = json("nodepad.guerrerocarlos.localhost").get("session");
        assertTrue(session.get("ok").asBoolean());
        assertEquals("user_123", session.get("user").get("id").asText());
        assertEquals("guerrerocarlos/nodepad", session.get("calledBy").asText());
        assertFalse(session.has("servedFrom"), "production nodepad must reach production auth");
    }

    @Test
    void dashboardUsesTheCallW7sHelper() throws Exception {
        JsonNode session = json("dashboard.guerrerocarlos.localhost");
        assertEquals("guerrerocarlos/dashboard", session.get("calledBy").asText());
    }

    @Test
    void crossOwnerAllowlistsBothForms() throws Exception {
        JsonNode store = json("storefront.guerrerocarlos.localhost");
        assertEquals(200, store.get("inventory").get("status").asInt(), "owner entry 'guerrerocarlos' allows storefront");
        assertEquals("guerrerocarlos/storefront", store.get("inventory").get("body").get("calledBy").asText());
        assertEquals(403, store.get("billing").get("status").asInt(), "billing allows only w7s-io/example-rpc-client");
        JsonNode probe = json("probe.mallory.localhost");
        assertEquals(403, probe.get("status").asInt());
        assertEquals("not_allowed", probe.get("error").asText());
    }

    @Test
    void branchEnvironmentRunsBesideProduction() throws Exception {
        JsonNode session = json("feature-x--nodepad.guerrerocarlos.localhost").get("session");
        assertEquals("feature-x", session.get("servedFrom").asText(), "feature-x nodepad reaches the feature-x auth");
        assertEquals("guerrerocarlos/nodepad", session.get("calledBy").asText());
        // Only auth and nodepad have a feature-x branch: no fallback to production for anything else.
        assertEquals(404, host.get("feature-x--example-rpc-client.w7s-io.localhost", "/").statusCode());
    }
}
