package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.TestHost;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Limits per request and per deployment: one misbehaving app is stopped, answered with the
 * platform's JSON error, and goes on serving; nothing else notices. The apps under
 * src/test/limits/limits set their limits in w7s.json (hog: 5 subrequests; sleepy: 1 s wall; bomb and leaky: 64 MiB;
 * burner and victim: 20 s CPU; greedy: 64 MiB; the host's RPC timeout is 8 s). leaky, burner and victim are reached
 * only through RPC (from calm or greedy).
 * hog and sleepy run one isolate ({@code "isolates": 1}): they report in later requests what they
 * recorded in module state (abort reasons, a kept binding), and module state is per isolate.
 */
class LimitsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path APPS = Path.of("src/test/limits").toAbsolutePath();
    static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(HostConfig.of(List.of(new AppSource(APPS, "production", null)))
                .withRpcTimeout(Duration.ofSeconds(8)));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    static HttpResponse<String> hog(String path) {
        return host.get("hog.limits.localhost", path);
    }

    static String errorCode(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error").path("code").asText();
    }

    @Test
    void anEndlessLoopIsStoppedAt503AndTheIsolateServesTheNextRequest() throws Exception {
        HttpResponse<String> r = hog("/loop");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("cpu_limit", errorCode(r));
        assertTrue(r.body().contains("2000 ms"), r.body());
        assertEquals("ok", hog("/ok").body(), "the same isolate serves the next request");
        assertEquals("calm", host.get("calm.limits.localhost", "/").body());
    }

    @Test
    void aLoopInATimerTheRequestSetCountsAgainstThatRequest() throws Exception {
        HttpResponse<String> r = hog("/loop-in-timer");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("cpu_limit", errorCode(r));
        assertEquals("ok", hog("/ok").body());
    }

    @Test
    void aStreamedResponseCutOffByTheCpuLimitFailsInsteadOfHanging() {
        // Either the head was out (the connection is aborted mid-body) or not yet (a 5xx): never a 200
        // whose cut-off body looks complete, never a hang.
        try {
            HttpResponse<String> r = hog("/stream-loop");
            assertTrue(r.statusCode() >= 500, r.statusCode() + " " + r.body());
        } catch (RuntimeException e) {
            assertTrue(e.getCause() instanceof java.io.IOException, "the client sees a broken body: " + e);
        }
        assertEquals("ok", hog("/ok").body());
    }

    @Test
    void anRpcCallerLearnsThatItsTargetWentOverItsCpuLimit() {
        HttpResponse<String> r = host.get("calm.limits.localhost", "/call?path=/loop");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("cpu_limit", r.headers().firstValue("x-error").orElse(""));
        assertTrue(r.body().contains("limits/hog"), r.body());
    }

    /**
     * An idle target's work may run on its caller's thread (InlineRun): its CPU is still its own. calm
     * has the default 2 s; leaky (20 s) burns 3 s on calm's behalf, and calm's request is not stopped.
     */
    @Test
    void cpuATargetUsesIsChargedToTheTargetNotToItsCaller() {
        HttpResponse<String> r = host.get("calm.limits.localhost", "/call?app=burner&path=/burn?ms=3000");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("burned", r.body());
    }

    /** The target is cancelled for its memory while it may run on its caller's thread: the caller answers and keeps serving. */
    @Test
    void aTargetOverItsMemoryLimitIsReplacedAndItsCallerKeepsServing() throws Exception {
        HttpResponse<String> r = host.get("calm.limits.localhost", "/call?app=leaky&path=/bomb");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("memory_limit", r.headers().firstValue("x-error").orElse(""));
        assertEquals("calm", host.get("calm.limits.localhost", "/").body());
        assertEquals("ok 0", host.get("calm.limits.localhost", "/call?app=leaky&path=/").body(), "a fresh isolate");
    }

    /**
     * A caller cancelled for its memory while its thread may run its RPC target: the target's isolate lives on. When the
     * memory meter's walk comes while victim burns on greedy's thread, greedy's request gets 503 memory_limit; when it
     * comes only after the inline run (the meter is one thread for all isolates, and a busy machine delays it), greedy
     * answers first and is replaced right after. Either way greedy is stopped for its own memory and victim is untouched.
     */
    @Test
    void aCallerCancelledWhileItsTargetRunsLeavesTheTargetAlone() throws Exception {
        try (CapturedLog log = CapturedLog.attach("io.w7s.host.deploy.IsolatePool")) {
            HttpResponse<String> r = host.get("greedy.limits.localhost", "/");
            if (r.statusCode() == 200) assertEquals("burned", r.body());
            else assertEquals("memory_limit", errorCode(r), r.body());
            log.await(l -> l.contains("limits/greedy@production: isolate replaced after the memory limit"));
        }
        assertEquals(1, host.host().registry().find("production", "limits", "greedy").isolateReplacements());
        assertEquals("burned", host.get("calm.limits.localhost", "/call?app=victim&path=/burn?ms=1").body());
        assertEquals(0, host.host().registry().find("production", "limits", "victim").isolateReplacements());
    }

    @Test
    void aRequestThatNeverAnswersGets504AndItsSignalAborts() throws Exception {
        HttpResponse<String> r = host.get("sleepy.limits.localhost", "/never");
        assertEquals(504, r.statusCode(), r.body());
        assertEquals("wall_time_limit", errorCode(r));
        String reasons = host.get("sleepy.limits.localhost", "/aborts-wait?n=1").body();
        assertTrue(reasons.contains("AbortError") && reasons.contains("wall-time"), reasons);
    }

    @Test
    void anRpcTimeoutCancelsTheTargetsWork() throws Exception {
        HttpResponse<String> r = hog("/call-never");
        assertEquals(504, r.statusCode(), r.body());
        assertEquals("target_timeout", errorCode(r));
        JsonNode reasons = JSON.readTree(hog("/aborts-wait?n=1").body());
        assertTrue(reasons.toString().contains("the caller cancelled the request"), reasons.toString());
    }

    @Test
    void aClientThatLeavesAbortsTheSignalOfTheAppAndOfEveryRpcTargetItCalled() throws Exception {
        try (CapturedLog log = CapturedLog.attach("w7s.app")) {
            leaveWhile(log, "hog.limits.localhost", "/never?tag=direct", "never: waiting direct");
            assertTrue(hog("/abort-of?tag=direct").body().startsWith("AbortError"));
            // calm calls hog, which waits; the client of calm leaves: hog's request is cancelled too.
            leaveWhile(log, "calm.limits.localhost", "/call?path=" + java.net.URLEncoder.encode("/never?tag=rpc", java.nio.charset.StandardCharsets.UTF_8),
                    "never: waiting rpc");
            assertTrue(hog("/abort-of?tag=rpc").body().startsWith("AbortError"));
        }
    }

    /** Sends a request on a raw connection, waits until the app logged {@code line}, then closes the connection. */
    private static void leaveWhile(CapturedLog log, String hostName, String path, String line) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", host.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostName + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            log.await(l -> l.contains(line));
        }
    }

    @Test
    void aRequestMayMakeOnlyItsShareOfSubrequests() throws Exception {
        assertEquals("{\"ok\":5}", hog("/calls?n=5").body());
        JsonNode over = JSON.readTree(hog("/calls?n=6").body());
        assertEquals(5, over.path("ok").asInt());
        assertTrue(over.path("error").asText().startsWith("Too many subrequests"), over.toString());
    }

    @Test
    void theCallDepthBelongsToTheRequestNotToAKeptBinding() throws Exception {
        assertEquals("kept", hog("/keep").body());
        HttpResponse<String> r = hog("/recurse");
        assertEquals(508, r.statusCode(), r.body());
        assertEquals("loop_detected", errorCode(r));
    }

    @Test
    void anAppThatAllocatesWithoutBoundIsReplacedAndTheHostKeepsServing() throws Exception {
        HttpResponse<String> r = host.get("bomb.limits.localhost", "/bomb");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("memory_limit", errorCode(r));
        assertEquals("ok 0", host.get("bomb.limits.localhost", "/").body(), "a fresh isolate, without the bomb's memory");
        assertEquals(1, host.host().registry().find("production", "limits", "bomb").isolateReplacements());
        assertEquals("calm", host.get("calm.limits.localhost", "/").body());
    }

    @Test
    void deepRecursionIsARangeErrorNotAHostCrash() {
        assertTrue(hog("/deep-caught").body().startsWith("RangeError"), "JS can catch it");
        assertEquals(500, hog("/deep").statusCode(), "uncaught, it is the handler's error");
        assertEquals("ok", hog("/ok").body());
    }
}
