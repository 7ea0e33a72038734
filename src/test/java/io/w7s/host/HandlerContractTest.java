package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.TestHost;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The handler contract, over real HTTP, against the TypeScript app src/test/apps/test/basics. */
class HandlerContractTest {
    static final String HOST = "basics.test.localhost";
    static final ObjectMapper JSON = new ObjectMapper();
    static TestHost host;
    static CapturedLog log;

    @BeforeAll
    static void start() {
        log = CapturedLog.attach("w7s.app");
        host = TestHost.serving("test/basics");
        assertEquals(List.of(), host.host().deployErrors());
    }

    @AfterAll
    static void stop() {
        host.close();
        log.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void relativeImportsResolveWithAndWithoutExtensions() throws Exception {
        JsonNode m = json(host.get(HOST, "/modules"));
        assertEquals("UTIL!", m.get("util").asText());
        assertEquals("lib/index.ts", m.get("lib").asText());
        assertEquals("helper.ts via ./helper.js", m.get("helper").asText());
        assertEquals("plain.js", m.get("plain").asText());
        assertEquals(42, m.get("data").get("answer").asInt());
    }

    @Test
    void methodPathQueryHeadersAndBodyReachTheApp() throws Exception {
        HttpResponse<String> r = host.send(host.request(HOST, "/echo?a=1&b=%20x")
                .header("X-Custom-Thing", "Value 1")
                .method("PUT", HttpRequest.BodyPublishers.ofString("payload é")).build());
        JsonNode echo = json(r);
        assertEquals("PUT", echo.get("method").asText());
        assertEquals("http://" + HOST + ":" + host.port() + "/echo?a=1&b=%20x", echo.get("url").asText());
        assertEquals("Value 1", echo.get("headers").get("x-custom-thing").asText());
        assertEquals("payload é", echo.get("body").asText());
    }

    @Test
    void binaryBodiesRoundTripAndStatusIsKept() {
        byte[] body = new byte[256 * 1024];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i * 31 + 7);
        HttpResponse<byte[]> r = host.sendBytes(host.request(HOST, "/echo-bytes")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        assertEquals(201, r.statusCode());
        assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElseThrow());
        assertEquals(String.valueOf(body.length), r.headers().firstValue("x-length").orElseThrow());
        assertTrue(java.util.Arrays.equals(body, r.body()), "bytes changed on the way through the isolate");
    }

    @Test
    void multipleSetCookieHeadersReachTheClient() {
        HttpResponse<String> r = host.get(HOST, "/cookies");
        assertEquals(List.of("a=1; Path=/", "b=2; Path=/; HttpOnly"), r.headers().allValues("set-cookie"));
        assertEquals("yes", r.headers().firstValue("x-custom").orElseThrow());
        assertEquals("cookies", r.body());
    }

    @Test
    void customStatusReachesTheClient() {
        HttpResponse<String> r = host.get(HOST, "/status?code=418");
        assertEquals(418, r.statusCode());
        assertEquals("teapot", r.body());
    }

    @Test
    void thrownExceptionIs500WithSourceMappedStackInTheLog() throws Exception {
        HttpResponse<String> r = host.get(HOST, "/throw");
        assertEquals(500, r.statusCode());
        assertFalse(r.body().contains("thrown on purpose"), "error details must not leak to the client");
        int line = lineOf("src/index.ts", "thrown on purpose");
        String logged = log.await(l -> l.contains("thrown on purpose"));
        assertTrue(logged.contains("src/index.ts:" + line + ":"), "stack should point at the .ts line " + line + ":\n" + logged);
        assertTrue(logged.contains("[test/basics@production]"), logged);
    }

    @Test
    void rejectedPromiseIs500() throws Exception {
        assertEquals(500, host.get(HOST, "/reject").statusCode());
        log.await(l -> l.contains("rejected on purpose"));
    }

    @Test
    void nonResponseReturnIs500AndLogged() throws Exception {
        assertEquals(500, host.get(HOST, "/not-response").statusCode());
        log.await(l -> l.contains("instead of a Response"));
    }

    @Test
    void responseErrorIs500AndLogged() throws Exception {
        assertEquals(500, host.get(HOST, "/response-error").statusCode());
        log.await(l -> l.contains("Response.error()"));
    }

    @Test
    void timersIntervalsAndMicrotasksRunInOrder() throws Exception {
        List<String> order = JSON.convertValue(json(host.get(HOST, "/timers")), new com.fasterxml.jackson.core.type.TypeReference<List<String>>() { });
        assertEquals("microtask", order.getFirst(), "microtasks run before any timer: " + order);
        assertTrue(order.indexOf("timeout-arg") < order.indexOf("same-delay-second"), "equal delays fire in order: " + order);
        assertEquals(List.of("interval1", "interval2", "interval3"), order.stream().filter(s -> s.startsWith("interval")).toList(),
                "an interval runs until cleared, then never again: " + order);
        assertFalse(order.contains("never"), "a cleared timeout must not run: " + order);
        assertEquals(6, order.size(), order.toString());
    }

    @Test
    void waitUntilWorkContinuesAfterTheResponse() throws Exception {
        // The work ends only when /wait-until-release is called: no timer races the requests below.
        assertEquals("scheduled", host.get(HOST, "/wait-until").body());
        assertEquals("pending", host.get(HOST, "/wait-until-result").body());
        assertEquals("released", host.get(HOST, "/wait-until-release").body());
        // /wait-until-done answers when the waitUntil promise has settled, after its response was sent.
        assertEquals("done", host.get(HOST, "/wait-until-done").body());
        assertEquals("done", host.get(HOST, "/wait-until-result").body());
    }

    @Test
    void manyRequestsAreInFlightInOneIsolate() throws Exception {
        // /gate waits until /open is called: this only finishes if an await does not block the isolate.
        // The gate is module state, which is per isolate: test/basics runs one isolate (its w7s.json).
        List<CompletableFuture<HttpResponse<String>>> gated = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            gated.add(host.client().sendAsync(host.request(HOST, "/gate").build(), HttpResponse.BodyHandlers.ofString()));
        }
        // Answers once all 8 are parked in the isolate (an event, not a guess at how long that takes).
        assertEquals("8", host.get(HOST, "/gate-waiting?n=8").body());
        for (var f : gated) assertFalse(f.isDone(), "gated request finished before the gate opened");
        assertEquals("opened", host.get(HOST, "/open").body());
        for (var f : gated) assertEquals("passed", f.get(60, TimeUnit.SECONDS).body());
    }

    @Test
    void envCarriesPlatformBindingsAndVars() throws Exception {
        JsonNode env = json(host.get(HOST, "/env"));
        assertEquals("test", env.get("W7S_OWNER").asText());
        assertEquals("basics", env.get("W7S_REPO").asText());
        assertEquals("test/basics", env.get("W7S_REPOSITORY").asText());
        assertEquals("production", env.get("W7S_ENVIRONMENT").asText());
        assertEquals("hello from vars", env.get("GREETING").asText());
    }

    @Test
    void appsHaveNoHostAccess() throws Exception {
        JsonNode s = json(host.get(HOST, "/sandbox"));
        for (String name : List.of("Java", "Polyglot", "Graal", "load", "print", "process", "require", "host")) {
            assertEquals("undefined", s.get(name).asText(), name + " must not be reachable");
        }
        assertTrue(s.get("importOutside").asText().startsWith("refused"), s.toString());
    }

    @Test
    void consoleAndUnhandledRejectionsGoToTheLogWithThePrefix() throws Exception {
        assertEquals("logged", host.get(HOST, "/log").body());
        log.await(l -> l.startsWith("INFO [test/basics@production] log-marker { n: 1 }"));
        log.await(l -> l.startsWith("WARNING [test/basics@production] warn-marker"));
        log.await(l -> l.contains("Unhandled promise rejection") && l.contains("nobody catches this"));
    }

    @Test
    void errorAndUnhandledRejectionListenersCanSuppressTheLog() throws Exception {
        assertEquals("reported", host.get(HOST, "/suppressed-errors").body());
        log.await(l -> l.contains("Uncaught") && l.contains("reported-error-marker"));
        log.await(l -> l.contains("Unhandled promise rejection") && l.contains("logged-rejection-marker"));
        for (String line : log.lines()) {
            assertFalse(line.contains("suppressed-rejection-marker"), "preventDefault() on unhandledrejection: " + line);
            assertFalse(line.contains("suppressed-error-marker"), "preventDefault() on error: " + line);
        }
    }

    @Test
    void multipartUploadReachesRequestFormData() throws Exception {
        String boundary = "----JavaClientBoundary7MA4YWxkTrZu0gW";
        byte[] file = new byte[300];
        for (int i = 0; i < file.length; i++) file[i] = (byte) (i * 7); // every byte value, CR/LF and '-' included
        var body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nh\u00e9llo\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"report.bin\"\r\n"
                + "Content-Type: application/x-report\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode r = json(host.send(host.request(HOST, "/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build()));
        assertEquals("h\u00e9llo", r.get("title").asText());
        JsonNode doc = r.get("doc");
        assertEquals("report.bin", doc.get("name").asText());
        assertEquals("application/x-report", doc.get("type").asText());
        assertEquals(file.length, doc.get("size").asInt());
        for (int i = 0; i < file.length; i++) assertEquals(file[i] & 0xff, doc.get("bytes").get(i).asInt(), "byte " + i);
    }

    @Test
    void webGlobalsWork() throws Exception {
        JsonNode w = json(host.get(HOST, "/web"));
        assertEquals("aGk=", w.get("b64").asText());
        assertEquals("hi", w.get("unb64").asText());
        assertTrue(w.get("uuid").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertEquals(4, w.get("random").asInt());
        assertEquals("[195,169]", w.get("encoded").toString());
        assertEquals(1, w.get("clone").asInt());
        assertTrue(w.get("now").asBoolean());
    }

    static int lineOf(String file, String text) throws Exception {
        List<String> lines = Files.readAllLines(TestHost.TEST_APPS.resolve("test/basics").resolve(file));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text + " not in " + file);
    }
}
