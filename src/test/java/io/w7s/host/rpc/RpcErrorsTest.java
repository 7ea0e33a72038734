package io.w7s.host.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.TestHost;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A target that throws: its caller gets 502 target_failed without the stack, and the host log has one
 * entry linking the caller's request, the call and the target's source-mapped stack. In development the
 * 502 carries the message and stack too; and every public request and RPC call gets an access-log line.
 */
class RpcErrorsTest {
    static final Path RPC = Path.of("src/test/rpc").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    private static TestHost host(boolean dev) {
        return TestHost.start(HostConfig.of(List.of(
                new AppSource(RPC.resolve("alpha/caller"), "production", null),
                new AppSource(RPC.resolve("alpha/ts-thrower"), "production", null))).withDev(dev));
    }

    private static JsonNode callThrower(TestHost host) throws Exception {
        String spec = JSON.createObjectNode().put("url", "https://w7s.internal/api/v1/rpc/alpha/ts-thrower/orders?token=sekrit").toString();
        return JSON.readTree(host.send(host.request("caller.alpha.localhost", "/call?x=1")
                .POST(HttpRequest.BodyPublishers.ofString(spec)).build()).body());
    }

    @Test
    void theCallerGetsABare502AndTheLogLinksBothSidesWithTheTypeScriptLine() throws Exception {
        try (TestHost host = host(false); CapturedLog log = CapturedLog.attach(RpcRouter.class.getName(), "w7s.access")) {
            JsonNode r = callThrower(host);
            assertEquals(502, r.get("status").asInt());
            JsonNode error = JSON.readTree(r.get("body").asText()).get("error");
            assertEquals("target_failed", error.get("code").asText());
            assertNull(error.get("stack"), "no stack leaves the target outside development");
            assertFalse(r.get("body").asText().contains("too large"), r.toString());

            String entry = log.await(l -> l.contains("RPC alpha/caller@production → alpha/ts-thrower"));
            assertTrue(entry.contains("GET /orders failed: 502 target_failed; the caller was handling POST /call"), entry);
            assertTrue(entry.contains("order o-7 is too large"), entry);
            assertTrue(entry.contains("src/index.ts:9:"), "the original TypeScript line: " + entry);
            assertFalse(entry.contains("sekrit"), "queries are never logged: " + entry);
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(" → ") && l.startsWith("INFO")), "no access log outside dev: " + log.lines());
        }
    }

    @Test
    void inDevelopmentThe502CarriesTheTargetsMessageAndStackAndEveryRequestIsLogged() throws Exception {
        try (TestHost host = host(true); CapturedLog log = CapturedLog.attach("w7s.access")) {
            JsonNode r = callThrower(host);
            assertEquals(502, r.get("status").asInt());
            JsonNode error = JSON.readTree(r.get("body").asText()).get("error");
            assertEquals("target_failed", error.get("code").asText());
            assertTrue(error.get("message").asText().contains("order o-7 is too large"), error.toString());
            assertTrue(error.get("stack").asText().contains("src/index.ts:9:"), error.toString());

            assertTrue(log.await(l -> l.startsWith("INFO alpha/caller → alpha/ts-thrower GET /orders 502 ")).endsWith(" ms"));
            String line = log.await(l -> l.startsWith("INFO → alpha/caller POST /call 200 "));
            assertTrue(line.matches("INFO → alpha/caller POST /call 200 \\d+\\.\\d ms"), line);
            assertTrue(log.lines().stream().noneMatch(l -> l.contains("sekrit") || l.contains("x=1")), log.lines().toString());
        }
    }
}
