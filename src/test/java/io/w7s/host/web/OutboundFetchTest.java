package io.w7s.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The global fetch() inside a real isolate, against a real HTTP server on loopback. */
class OutboundFetchTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static HttpServer origin;
    static String base;
    static WebContext cx;
    /** Released by GET /release: /chunks writes its second chunk only then. */
    static final CountDownLatch release = new CountDownLatch(1);
    /** Released when the tests are over: /never answers only then. */
    static final CountDownLatch shutdown = new CountDownLatch(1);
    /** Per /endless?key: completes with the number of bytes written when a write failed (the client went away). */
    static final Map<String, CompletableFuture<Long>> endless = new ConcurrentHashMap<>();

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
        origin.createContext("/redirect-invalid", ex -> {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:1/a b|c?code=SECRET-location");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        origin.createContext("/never", ex -> {
            try {
                // Never answers while the tests run: only the caller's abort can end its fetch.
                shutdown.await();
            } catch (InterruptedException ignored) {
            }
            ex.close();
        });
        origin.createContext("/chunks", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked
            ex.getResponseBody().write("first".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) throw new IOException("never released");
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            ex.getResponseBody().write("second".getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        origin.createContext("/release", ex -> {
            release.countDown();
            send(ex, 200, "released");
        });
        origin.createContext("/big", ex -> {
            byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) big[i] = (byte) ('a' + i % 26);
            ex.sendResponseHeaders(200, big.length);
            ex.getResponseBody().write(big);
            ex.close();
        });
        origin.createContext("/sink", ex -> {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[65536];
                long count = 0;
                int n;
                var in = ex.getRequestBody();
                while ((n = in.read(buf)) >= 0) {
                    sha.update(buf, 0, n);
                    count += n;
                }
                send(ex, 200, JSON.createObjectNode().put("count", count)
                        .put("sha", HexFormat.of().formatHex(sha.digest()))
                        .put("chunked", ex.getRequestHeaders().getFirst("transfer-encoding")).toString());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
        });
        origin.createContext("/endless", ex -> {
            CompletableFuture<Long> failed = endless.computeIfAbsent(ex.getRequestURI().getQuery(), k -> new CompletableFuture<>());
            ex.sendResponseHeaders(200, 0);
            byte[] piece = new byte[65536];
            long written = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try {
                while (System.nanoTime() < deadline) {
                    ex.getResponseBody().write(piece);
                    ex.getResponseBody().flush();
                    written += piece.length;
                }
                failed.completeExceptionally(new AssertionError("the client never went away"));
            } catch (IOException e) {
                failed.complete(written);
            } finally {
                ex.close();
            }
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
        shutdown.countDown();
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
    void fetchErrorsNeverEchoTheUrlsSecrets() throws Exception {
        JsonNode r = run("""
                const out = {};
                const urls = {
                  invalid: base + "/echo|x?key=SECRET-query",
                  userinfo: "http://user:SECRET-userinfo@127.0.0.1:1/",
                  refused: "http://127.0.0.1:1/?key=SECRET-refused",
                  location: base + "/redirect-invalid",
                };
                for (const [name, url] of Object.entries(urls)) {
                  try { await fetch(url); out[name] = "no error"; }
                  catch (e) { out[name] = e.name + ": " + e.message + " / " + (e.cause === undefined ? "" : String(e.cause)); }
                }
                return out;
                """);
        for (var e : r.properties()) {
            assertFalse(e.getValue().asText().contains("SECRET"), e.getKey() + ": " + e.getValue().asText());
            assertTrue(e.getValue().asText().startsWith("TypeError"), e.getKey() + ": " + e.getValue().asText());
        }
    }

    @Test
    void abortSignalTimeoutAbortsAndNetworkErrorsAreTypeErrors() throws Exception {
        JsonNode r = run("""
                const t0 = performance.now();
                let aborted;
                try { await fetch(base + "/never", { signal: AbortSignal.timeout(200) }); aborted = "no"; }
                catch (e) { aborted = e.name; }
                const ms = performance.now() - t0;
                let refused;
                try { await fetch("http://127.0.0.1:1/"); refused = "no"; } catch (e) { refused = e.name; }
                let preAborted;
                try { await fetch(base + "/echo", { signal: AbortSignal.abort() }); preAborted = "no"; } catch (e) { preAborted = e.name; }
                return { aborted, ms, refused, preAborted };
                """);
        assertEquals("TimeoutError", r.get("aborted").asText());
        // The server never answers, so the TimeoutError itself shows that the abort did not wait for it.
        assertTrue(r.get("ms").asDouble() >= 150, "the timeout must not fire early: " + r);
        assertEquals("TypeError", r.get("refused").asText());
        assertEquals("AbortError", r.get("preAborted").asText());
    }

    @Test
    void responseBodyStreamsAsTheServerWritesIt() throws Exception {
        JsonNode r = run("""
                const res = await fetch(base + "/chunks");
                const reader = res.body.getReader();
                const dec = new TextDecoder();
                const first = await reader.read();
                // Only now may the server write its second chunk: chunk 1 was read before chunk 2 existed.
                const released = await (await fetch(base + "/release")).text();
                let rest = "";
                for (;;) {
                  const { done, value } = await reader.read();
                  if (done) break;
                  rest += dec.decode(value, { stream: true });
                }
                const big = await (await fetch(base + "/big")).text();
                const bigBuf = await (await fetch(base + "/big")).arrayBuffer();
                return { first: dec.decode(first.value), released, rest, big: big.length, bigBuf: bigBuf.byteLength,
                  bigHead: big.slice(0, 3), small: await (await fetch(base + "/cookies")).text() };
                """);
        assertEquals("first", r.get("first").asText());
        assertEquals("released", r.get("released").asText());
        assertEquals("second", r.get("rest").asText());
        assertEquals(300_000, r.get("big").asInt());
        assertEquals(300_000, r.get("bigBuf").asInt());
        assertEquals("abc", r.get("bigHead").asText());
        assertEquals("made", r.get("small").asText());
    }

    @Test
    void largeStreamedUploadAndStreamBodyRedirects() throws Exception {
        JsonNode r = run("""
                const CHUNK = 65536, N = 1024;
                let i = 0;
                const body = new ReadableStream({
                  pull(c) {
                    if (i === N) { c.close(); return; }
                    const u = new Uint8Array(CHUNK);
                    u.fill(i & 255);
                    i++;
                    c.enqueue(u);
                  },
                });
                const res = await fetch(base + "/sink", { method: "POST", body, duplex: "half" });
                const sink = await res.json();
                const one = () => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("s")); c.close(); } });
                let r307;
                try { await fetch(base + "/redirect?307", { method: "POST", body: one(), duplex: "half" }); r307 = "no"; }
                catch (e) { r307 = e.name; }
                const r303 = await (await fetch(base + "/redirect?303", { method: "POST", body: one(), duplex: "half" })).json();
                const echoed = await (await fetch(base + "/echo", { method: "PUT", body: one(), duplex: "half" })).json();
                return { sink, r307, r303: r303.method, echoed: echoed.body };
                """);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[65536];
        for (int i = 0; i < 1024; i++) {
            java.util.Arrays.fill(chunk, (byte) i);
            sha.update(chunk);
        }
        assertEquals(64L << 20, r.get("sink").get("count").asLong());
        assertEquals(HexFormat.of().formatHex(sha.digest()), r.get("sink").get("sha").asText());
        assertEquals("chunked", r.get("sink").get("chunked").asText(), "sent as produced, not buffered first");
        assertEquals("TypeError", r.get("r307").asText(), "a stream body cannot be replayed on 307");
        assertEquals("GET", r.get("r303").asText());
        assertEquals("s", r.get("echoed").asText());
    }

    @Test
    void cancellingOrAbortingTheBodyClosesTheConnection() throws Exception {
        JsonNode r = run("""
                const res = await fetch(base + "/endless?cancel");
                const reader = res.body.getReader();
                const first = await reader.read();
                await reader.cancel();
                const ac = new AbortController();
                const res2 = await fetch(base + "/endless?abort", { signal: ac.signal });
                const reader2 = res2.body.getReader();
                await reader2.read();
                ac.abort();
                let aborted;
                try { await reader2.read(); aborted = "no"; } catch (e) { aborted = e.name; }
                return { got: first.value.byteLength, aborted };
                """);
        assertTrue(r.get("got").asInt() > 0);
        assertEquals("AbortError", r.get("aborted").asText());
        assertTrue(endless.get("cancel").get(60, TimeUnit.SECONDS) > 0, "the server saw the client go away");
        assertTrue(endless.get("abort").get(60, TimeUnit.SECONDS) > 0, "the server saw the client go away");
    }
}
