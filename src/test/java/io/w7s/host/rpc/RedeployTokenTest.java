package io.w7s.host.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.support.TestHost;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A redeploy replaces the deployment's token: the old one stops working at once. */
class RedeployTokenTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path RPC = Path.of("src/test/rpc").toAbsolutePath();

    @Test
    void oldTokenIsRejectedAfterARedeploy() throws Exception {
        try (TestHost host = TestHost.start(List.of(
                new AppSource(RPC.resolve("alpha/caller"), "production", null),
                new AppSource(RPC.resolve("alpha/echo"), "production", null)))) {
            String before = host.get("caller.alpha.localhost", "/token").body();
            host.host().deploy(RPC.resolve("alpha/caller"), "production", null);
            String after = host.get("caller.alpha.localhost", "/token").body();
            assertNotEquals(before, after);

            assertEquals(401, statusWith(host, "Bearer " + before), "the old token must be dead");
            assertEquals(200, statusWith(host, "Bearer " + after));
        }
    }

    static int statusWith(TestHost host, String authorization) throws Exception {
        String spec = JSON.createObjectNode()
                .put("url", "https://w7s.internal/api/v1/rpc/alpha/echo/")
                .put("auth", "raw:" + authorization).toString();
        JsonNode r = JSON.readTree(host.send(host.request("caller.alpha.localhost", "/call")
                .POST(HttpRequest.BodyPublishers.ofString(spec)).build()).body());
        return r.get("status").asInt();
    }
}
