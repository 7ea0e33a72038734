package io.w7s.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The global fetch() inside a real isolate, against a real HTTP server on loopback. */
class OutboundFetchTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static HttpServer origin;
    static String base;
    static WebContext cx;

    @BeforeAll
    static void start() throws IOException {
        origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        origin.createContext("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String json = JSON.createObjectNode()
                    .put("method", ex.getRequestMethod())
                    .put("query", ex.getRequestURI().getRawQuery())
                    .put("x", ex.getRequestHeaders().getFirst("x-test"))
                    .put("type", ex.getRequestHeaders().getFirst("content-type"))
                    .put("body", new String(body, StandardCharsets.UTF_8)).toString();
            send(ex, 200, json);
        });
        origin.createContext("/cookies", ex -> {
            ex.getResponseHeaders().add("Set-Cookie", "a=1");
            ex.getResponseHeaders().add("Set-Cookie", "b=2");
            send(ex, 201, "made");
        });
        origin.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/echo?from=redirect");
            ex.sendResponseHeaders(Integer.parseInt(ex.getRequestURI().getQuery()), -1);
            ex.close();
        });
        origin.createContext("/slow", ex -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException ignored) {
            }
            send(ex, 200, "late");
        });
        origin.start();
        base = "http://127.0.0.1:" + origin.getAddress().getPort();
        cx = new WebContext();
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @AfterAll
    static void stop() {
        cx.close();
        origin.stop(0);
    }

    JsonNode run(String asyncBody) throws Exception {
        return JSON.readTree(cx.evalJson("(async () => { const base = " + JSON.writeValueAsString(base) + "; " + asyncBody + " })()"));
    }

    @Test
    void getAndPostWithHeadersAndBody() throws Exception {
        JsonNode r = run("""
                const res = await fetch(base + "/echo?q=1", { method: "POST", headers: { "x-test": "yes" }, body: "hello" });
                return { status: res.status, ok: res.ok, url: res.url, redirected: res.redirected, json: await res.json() };
                """);
        assertEquals(200, r.get("status").asInt());
        assertEquals(base + "/echo?q=1", r.get("url").asText());
        JsonNode echo = r.get("json");
        assertEquals("POST", echo.get("method").asText());
        assertEquals("q=1", echo.get("query").asText());
        assertEquals("yes", echo.get("x").asText());
        assertEquals("hello", echo.get("body").asText());
        assertEquals("text/plain;charset=UTF-8", echo.get("type").asText());
    }

    @Test
    void multipleSetCookieAndStatus() throws Exception {
        JsonNode r = run("""
                const res = await fetch(base + "/cookies");
                return { status: res.status, cookies: res.headers.getSetCookie(), text: await res.text() };
                """);
        assertEquals(201, r.get("status").asInt());
        assertEquals("[\"a=1\",\"b=2\"]", r.get("cookies").toString());
        assertEquals("made", r.get("text").asText());
    }

    @Test
    void redirectModes() throws Exception {
        JsonNode follow = run("""
                const res = await fetch(base + "/redirect?303", { method: "POST", body: "x" });
                return { status: res.status, redirected: res.redirected, url: res.url, json: await res.json() };
                """);
        assertEquals(200, follow.get("status").asInt());
        assertTrue(follow.get("redirected").asBoolean());
        assertEquals(base + "/echo?from=redirect", follow.get("url").asText());
        assertEquals("GET", follow.get("json").get("method").asText(), "303 turns POST into GET");

        JsonNode keep = run("""
                const res = await fetch(base + "/redirect?307", { method: "POST", body: "kept" });
                return (await res.json());
                """);
        assertEquals("POST", keep.get("method").asText());
        assertEquals("kept", keep.get("body").asText());

        JsonNode manual = run("""
                const res = await fetch(base + "/redirect?302", { redirect: "manual" });
                return { status: res.status, location: res.headers.get("location"), redirected: res.redirected };
                """);
        assertEquals(302, manual.get("status").asInt());
        assertEquals("/echo?from=redirect", manual.get("location").asText());

        JsonNode error = run("""
                try { await fetch(base + "/redirect?301", { redirect: "error" }); return { ok: true }; }
                catch (e) { return { name: e.name }; }
                """);
        assertEquals("TypeError", error.get("name").asText());
    }

    @Test
    void abortSignalTimeoutAbortsAndNetworkErrorsAreTypeErrors() throws Exception {
        JsonNode r = run("""
                const t0 = performance.now();
                let aborted;
                try { await fetch(base + "/slow", { signal: AbortSignal.timeout(200) }); aborted = "no"; }
                catch (e) { aborted = e.name; }
                const ms = performance.now() - t0;
                let refused;
                try { await fetch("http://127.0.0.1:1/"); refused = "no"; } catch (e) { refused = e.name; }
                let preAborted;
                try { await fetch(base + "/echo", { signal: AbortSignal.abort() }); preAborted = "no"; } catch (e) { preAborted = e.name; }
                return { aborted, ms, refused, preAborted };
                """);
        assertEquals("TimeoutError", r.get("aborted").asText());
        assertTrue(r.get("ms").asDouble() < 4000, "abort must not wait for the slow server: " + r);
        assertEquals("TypeError", r.get("refused").asText());
        assertEquals("AbortError", r.get("preAborted").asText());
    }
}
