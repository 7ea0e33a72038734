package io.w7s.host.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.support.TestHost;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A target that never answers gives the caller 504 target_timeout after the configured time. */
class RpcTimeoutTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path RPC = Path.of("src/test/rpc").toAbsolutePath();

    @Test
    void targetThatNeverAnswersIs504() throws Exception {
        HostConfig config = HostConfig.of(List.of(
                new AppSource(RPC.resolve("alpha/caller"), "production", null),
                new AppSource(RPC.resolve("alpha/slow"), "production", null))).withRpcTimeout(Duration.ofSeconds(1));
        try (TestHost host = TestHost.start(config)) {
            String spec = JSON.createObjectNode().put("url", "https://w7s.internal/api/v1/rpc/alpha/slow/").toString();
            JsonNode r = JSON.readTree(host.send(host.request("caller.alpha.localhost", "/call")
                    .POST(HttpRequest.BodyPublishers.ofString(spec)).build()).body());
            assertEquals(504, r.get("status").asInt());
            assertEquals("target_timeout", JSON.readTree(r.get("body").asText()).get("error").get("code").asText());
        }
    }
}
