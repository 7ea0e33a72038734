package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.support.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A target redeployed again and again while public clients and RPC callers keep calling it: every
 * request is answered by one version or the other, none fails (in-flight requests drain on the old
 * deployment; a request that races the swap is retried on the new one, for ingress and RPC alike).
 */
class RedeployUnderLoadTest {
    static final Path RPC = Path.of("src/test/rpc").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noRequestFailsWhileTheTargetIsRedeployed() throws Exception {
        try (TestHost host = TestHost.start(List.of(
                new AppSource(RPC.resolve("alpha/caller"), "production", null),
                new AppSource(RPC.resolve("alpha/echo"), "production", null)))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            String rpc = JSON.createObjectNode().put("url", "https://w7s.internal/api/v1/rpc/alpha/echo/status/200").toString();
            CountDownLatch running = new CountDownLatch(4);
            List<Thread> clients = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean viaRpc = i % 2 == 0;
                clients.add(Thread.ofPlatform().start(() -> {
                    running.countDown();
                    while (!stop.get()) {
                        String outcome;
                        try {
                            if (viaRpc) {
                                HttpResponse<String> r = host.send(host.request("caller.alpha.localhost", "/call")
                                        .POST(HttpRequest.BodyPublishers.ofString(rpc)).build());
                                outcome = r.statusCode() == 200 ? "rpc " + JSON.readTree(r.body()).get("status").asInt() : "caller " + r.statusCode();
                            } else {
                                outcome = "public " + host.get("echo.alpha.localhost", "/status/200").statusCode();
                            }
                        } catch (Exception e) {
                            outcome = e.toString();
                        }
                        if (outcome.endsWith(" 200")) answered.incrementAndGet();
                        else failures.merge(outcome, 1, Integer::sum);
                    }
                }));
            }
            running.await();
            for (int round = 0; round < 10; round++) {
                int before = answered.get();
                host.host().deploy(RPC.resolve("alpha/echo"), "production", null);
                // Let some requests reach each version: wait for progress, not for time.
                while (answered.get() < before + 20 && failures.isEmpty()) Thread.onSpinWait();
            }
            stop.set(true);
            for (Thread t : clients) t.join();
            assertEquals(Map.of(), failures, "requests failed during redeploys");
            assertTrue(answered.get() >= 200, "answered " + answered.get());
        }
    }
}
