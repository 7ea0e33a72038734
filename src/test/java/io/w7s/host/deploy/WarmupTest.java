package io.w7s.host.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.w7s.host.support.TestHost;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** w7s.json "warmup": a new isolate answers the listed paths before its first real request. */
class WarmupTest {
    @Test
    void theWarmupPathsAreServedBeforeTheFirstRequestAndAFailingOneDoesNotStopTheDeploy() {
        try (TestHost host = TestHost.serving("test/warm")) {
            assertEquals(java.util.List.of(), host.host().deployErrors());
            HttpResponse<String> first = host.send(host.request("warm.test.localhost", "/first").header("user-agent", "test").GET().build());
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("[\"w7s-warmup /\",\"w7s-warmup /missing?x=1\",\"test /first\"]", first.body());
        }
    }
}
