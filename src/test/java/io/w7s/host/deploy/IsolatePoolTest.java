package io.w7s.host.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.isolate.IsolateClosedException;
import io.w7s.host.isolate.JsEngine;
import io.w7s.host.isolate.LimitExceededException;
import io.w7s.host.isolate.Limits;
import io.w7s.host.isolate.RpcGateway;
import io.w7s.host.module.TypeScriptCompiler;
import io.w7s.host.web.BodyStream;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several isolates of one deployment, with real GraalJS isolates. The app under src/test/pool/pool
 * answers which isolate served it; {@code /wait} stays in flight until the test ends its request
 * body (a gate the test holds, no timing). {@code gate} asks for 2 isolates in w7s.json; {@code single}
 * says nothing and gets the host default, which is 1 here. Each test deploys into its own environment.
 */
class IsolatePoolTest {
    static final Path GATE = Path.of("src/test/pool/pool/gate").toAbsolutePath();
    static final Path SINGLE = Path.of("src/test/pool/pool/single").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static JsEngine engine;
    static Deployer deployer;

    @BeforeAll
    static void start() {
        engine = new JsEngine();
        deployer = new Deployer(() -> engine, new TypeScriptCompiler(), new Registry(), RpcGateway.NONE, Limits.DEFAULTS, 1, HostSecrets.NONE);
    }

    @AfterAll
    static void stop() {
        deployer.shutdown(Duration.ZERO);
        engine.close();
    }

    /** A request in flight until {@link #open()}: its handler awaits its body. */
    record Held(BodyStream body, CompletableFuture<WebResponse> response) {
        static Held send(Deployment d) {
            BodyStream body = new BodyStream();
            return new Held(body, d.handle(new WebRequest("POST", "https://w7s.internal/wait", Headers.builder().build(), null, body)));
        }

        /** Ends the body; returns the id of the isolate that served the request. */
        String open() throws Exception {
            body.end(null);
            return isolateOf(response.join());
        }
    }

    static String isolateOf(WebResponse r) throws Exception {
        assertEquals(200, r.status());
        JsonNode json = JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
        return json.get("isolate").asText();
    }

    static WebResponse get(Deployment d, String path) {
        return d.handle(new WebRequest("GET", "https://w7s.internal" + path, Headers.builder().build(), null), 0).join();
    }

    /** Holds two requests so the first isolate is busy and a second one starts; returns them, the second started. */
    static Held[] busyUntilASecondIsolateRuns(Deployment d) {
        assertEquals(1, d.isolateCount(), "a deployment starts with one isolate, whatever its maximum");
        Held first = Held.send(d);
        Held second = Held.send(d); // every isolate is busy: another starts, this request is not kept waiting for it
        d.isolates().growing().join();
        assertEquals(2, d.isolateCount());
        return new Held[] {first, second};
    }

    @Test
    void requestsThatFindEveryIsolateBusyStartAnotherWhichTakesTheNextOne() throws Exception {
        Deployment d = deployer.deploy(GATE, "grow", null);
        Held[] held = busyUntilASecondIsolateRuns(d);
        Held third = Held.send(d); // the new isolate has no request in flight: the least busy
        String a = held[0].open();
        String b = held[1].open();
        String c = third.open();
        assertEquals(a, b, "the request that started the second isolate went to the first one");
        assertNotEquals(a, c, "module state is per isolate");
        assertEquals(2, d.isolateCount(), "never more than w7s.json \"isolates\"");
    }

    @Test
    void withOneIsolateBusyRequestsShareIt() throws Exception {
        Deployment d = deployer.deploy(SINGLE, "single", null);
        Held first = Held.send(d);
        Held second = Held.send(d);
        d.isolates().growing().join();
        assertEquals(1, d.isolateCount(), "the host default here is 1");
        assertEquals(first.open(), second.open());
    }

    @Test
    void anIdleExtraIsolateIsReleasedButABusyOneIsNot() throws Exception {
        Deployment d = deployer.deploy(GATE, "idle", null);
        Held[] held = busyUntilASecondIsolateRuns(d);
        Held onSecond = Held.send(d);
        String first = held[0].open();
        held[1].open();
        long muchLater = System.nanoTime() + IsolatePool.IDLE_AFTER.toNanos() + 1;
        assertEquals(0, d.isolates().releaseIdle(muchLater), "the extra isolate has a request in flight; the first always stays");
        String second = onSecond.open();
        assertEquals(0, d.isolates().releaseIdle(System.nanoTime()), "not idle for long enough yet");
        assertEquals(1, d.isolates().releaseIdle(System.nanoTime() + IsolatePool.IDLE_AFTER.toNanos() + 1));
        assertEquals(1, d.isolateCount());
        assertEquals(first, isolateOf(get(d, "/")), "the first isolate stays and serves");
        assertNotEquals(first, second);
    }

    @Test
    void aDeadExtraIsolateLeavesThePoolWithoutFailingRequestsOnTheOthers() throws Exception {
        Deployment d = deployer.deploy(GATE, "bomb", null);
        Held[] held = busyUntilASecondIsolateRuns(d);
        CompletableFuture<WebResponse> bomb = d.handle(new WebRequest("GET", "https://w7s.internal/bomb", Headers.builder().build(), null), 0);
        CompletionException e = assertThrows(CompletionException.class, bomb::join);
        assertInstanceOf(LimitExceededException.class, e.getCause(), "the request over the limit is not retried");
        assertEquals(1, d.isolateCount(), "the dead isolate left the pool");
        assertEquals(held[0].open(), held[1].open(), "the requests on the first isolate were not disturbed");
        assertEquals(0, d.isolateReplacements(), "an extra isolate is not replaced; the pool grows again when busy");
        assertEquals(200, get(d, "/").status());
    }

    @Test
    void retiringDrainsEveryIsolate() throws Exception {
        Deployment d = deployer.deploy(GATE, "retire", null);
        Held[] held = busyUntilASecondIsolateRuns(d);
        Held onSecond = Held.send(d);
        CompletableFuture<Void> retired = d.retire(Duration.ofMinutes(1));
        held[0].open();
        held[1].open();
        assertFalse(retired.isDone(), "the second isolate still has a request in flight");
        onSecond.open();
        retired.join();
        CompletionException e = assertThrows(CompletionException.class, () -> get(d, "/"));
        assertTrue(e.getCause() instanceof IsolateClosedException, e.toString());
    }
}
