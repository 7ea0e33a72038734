package io.w7s.host.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.support.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public edge seen from a raw socket: exact request bytes in, exact responses out. Every attack
 * request carries hidden requests to {@code /hidden*} after it; the counter app reports how many of
 * those it ever received, which must stay 0.
 */
class PublicEdgeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int LIMIT = 1024;
    static final String HOST = "counter.edge.localhost";
    /** Generous upper bound for "the server closed the connection"; never a timing assertion. */
    static final int READ_TIMEOUT_MS = 30_000;
    static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(new HostConfig(0, "localhost", LIMIT, List.of(
                new AppSource(TestHost.TEST_APPS.resolve("edge/counter"), "production", null))));
        assertEquals(List.of(), host.host().deployErrors());
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    // ---- 1. smuggling through the body / after Connection: close ----

    @Test
    void chunkedUploadOverTheLimitGets413AndTheHiddenRequestsInItNeverRun() throws Exception {
        for (String path : List.of("/echo", "/ignore")) {
            String hidden = "0\r\n\r\n" + hidden("/hidden-in-chunk").repeat(20);
            String data = hidden + "x".repeat(2 * LIMIT - hidden.length());
            String request = "POST " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(data.length()) + "\r\n" + data + "\r\n0\r\n\r\n";
            Exchange x = exchange(request);
            assertEquals(1, x.responses.size(), path + ": " + x);
            assertTrue(x.closed, path + ": the connection must be closed");
            if (path.equals("/echo")) assertEquals(413, x.responses.getFirst().status, x.toString());
        }
        assertNoHiddenRequestRan();
    }

    @Test
    void bodyLeftUnreadIsNeverParsedAsRequests() throws Exception {
        String body = hidden("/hidden-in-body").repeat(10);
        for (String framing : List.of("cl", "chunked")) {
            for (String connection : List.of("close", "keep-alive")) {
                String head = "POST /ignore HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: " + connection + "\r\n";
                String request = framing.equals("cl")
                        ? head + "Content-Length: " + body.length() + "\r\n\r\n" + body
                        : head + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
                Exchange x = exchange(request + (connection.equals("keep-alive") ? lastRequest("/after") : ""));
                int expected = connection.equals("close") ? 1 : 2;
                // With keep-alive, the server may close instead of answering the second request; never more.
                assertTrue(x.responses.size() >= 1 && x.responses.size() <= expected, framing + "/" + connection + ": " + x);
                assertEquals(200, x.responses.getFirst().status, x.toString());
                assertTrue(x.closed);
            }
        }
        assertNoHiddenRequestRan();
    }

    @Test
    void requestPipelinedAfterConnectionCloseIsNotProcessed() throws Exception {
        Exchange x = exchange("GET /first HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n"
                + hidden("/hidden-after-close") + hidden("/hidden-after-close-2"));
        assertEquals(1, x.responses.size(), x.toString());
        assertEquals("ok:/first", x.responses.getFirst().text());
        assertEquals("close", x.responses.getFirst().headers.get("connection"));
        assertTrue(x.closed);
        // Case-insensitive and in a list of tokens, too.
        x = exchange("GET /first HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: Keep-Alive, CLOSE\r\n\r\n" + hidden("/hidden-after-close-3"));
        assertEquals(1, x.responses.size(), x.toString());
        assertNoHiddenRequestRan();
    }

    @Test
    void pipelinedRequestsStillWork() throws Exception {
        Exchange x = exchange("GET /one HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ndef\r\n0\r\n\r\n"
                + lastRequest("/three"));
        assertEquals(List.of("ok:/one", "echo:abc", "echo:def", "ok:/three"), x.texts());
        assertTrue(x.closed);
    }

    // ---- 2. chunked encoding ----

    @Test
    void malformedChunkedBodiesGet400AndOneResponse() throws Exception {
        List<String> bodies = List.of(
                "zz\r\nhello\r\n0\r\n\r\n",                       // not hex
                "ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",     // overflows
                "-5\r\nhello\r\n0\r\n\r\n",
                "5;\r\nhello\r\n0\r\n\r\n",                        // extension without a name
                "5 x\r\nhello\r\n0\r\n\r\n",
                "5\r\nhelloXX0\r\n\r\n",                           // no CRLF after the data
                "5\nhello\r\n0\r\n\r\n",                           // bare LF
                "5\r\nhello\r\n0\r\n bad trailer\r\n\r\n",         // folded trailer
                "5\r\nhello\r\n0\r\nno colon\r\n\r\n");
        for (String body : bodies) {
            Exchange x = exchange("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + body + hidden("/hidden-after-bad-chunk"));
            assertEquals(1, x.responses.size(), body + " -> " + x);
            assertEquals(400, x.responses.getFirst().status, body + " -> " + x);
            assertTrue(x.closed, body);
        }
        assertNoHiddenRequestRan();
    }

    @Test
    void chunkExtensionsAndTrailersAreAccepted() throws Exception {
        Exchange x = exchange("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6 ; a=\"q;\\\"x\" ;b\r\n world\r\n0;last\r\nX-Trailer: t\r\nOther: u\r\n\r\n"
                + lastRequest("/after"));
        assertEquals(List.of("echo:hello world", "ok:/after"), x.texts(), x.toString());
    }

    @Test
    void chunkedBodyOverTheLimitIs413AndUpToItPasses() throws Exception {
        String ok = "a".repeat(LIMIT);
        Exchange x = exchange("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "200\r\n" + ok.substring(0, 512) + "\r\n200\r\n" + ok.substring(512) + "\r\n0\r\n\r\n");
        assertEquals(List.of("echo:" + ok), x.texts());
        x = exchange("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "200\r\n" + ok.substring(0, 512) + "\r\n201\r\n" + ok.substring(512) + "b\r\n0\r\n\r\n" + hidden("/hidden-after-413"));
        assertEquals(1, x.responses.size(), x.toString());
        assertEquals(413, x.responses.getFirst().status);
        assertTrue(x.closed);
        assertNoHiddenRequestRan();
    }

    // ---- 3. absolute-form targets ----

    @Test
    void absoluteFormTargetMustNameTheHostHeader() throws Exception {
        Exchange x = exchange("GET http://other.host/admin HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n" + hidden("/hidden-after-absolute"));
        assertEquals(1, x.responses.size(), x.toString());
        assertEquals(400, x.responses.getFirst().status);
        x = exchange("GET http://other.host/admin HTTP/1.1\r\nHost: x.y.localhost\r\nConnection: close\r\n\r\n");
        assertEquals(400, x.responses.getFirst().status);
        // Same authority in both: served, and the app sees a well-formed URL.
        String authority = HOST + ":" + host.port();
        x = exchange("GET http://" + authority.toUpperCase(Locale.ROOT) + "/url?a=1 HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n");
        assertEquals(List.of("http://" + authority + "/url?a=1"), x.texts());
        x = exchange("GET http://" + authority + " HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n");
        assertEquals(List.of("ok:/"), x.texts());
        for (String target : List.of("*", "other.host:443", "ftp://" + authority + "/url", "http://user@" + authority + "/url")) {
            x = exchange("OPTIONS " + target + " HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n");
            assertEquals(400, x.responses.getFirst().status, target);
        }
        assertNoHiddenRequestRan();
    }

    // ---- 4. header flooding ----

    @Test
    void oversizedOrTooManyHeadersGet431() throws Exception {
        Exchange big = exchange("GET /x HTTP/1.1\r\nHost: " + HOST + "\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
        assertEquals(1, big.responses.size(), big.toString());
        assertEquals(431, big.responses.getFirst().status);
        assertTrue(big.closed);
        StringBuilder many = new StringBuilder("GET /x HTTP/1.1\r\nHost: " + HOST + "\r\n");
        for (int i = 0; i < 2000; i++) many.append("X-H").append(i).append(": v\r\n");
        Exchange x = exchange(many + "\r\n");
        assertEquals(1, x.responses.size(), x.toString());
        assertEquals(431, x.responses.getFirst().status);
        assertTrue(x.closed);
        StringBuilder count = new StringBuilder("GET /x HTTP/1.1\r\nHost: " + HOST + "\r\n");
        for (int i = 0; i < EdgeLimits.DEFAULTS.maxHeaderCount(); i++) count.append("X-C").append(i).append(": v\r\n");
        x = exchange(count + "\r\n");
        assertEquals(431, x.responses.getFirst().status, "Host plus maxHeaderCount fields is one too many");
        // Within the limits: served.
        x = exchange("GET /x HTTP/1.1\r\nHost: " + HOST + "\r\nX-Big: " + "a".repeat(16 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertEquals(List.of("ok:/x"), x.texts());
    }

    // ---- 6. smuggling inputs ----

    @Test
    void ambiguousFramingIsRefusedWith400AndTheConnectionClosed() throws Exception {
        String te = "Transfer-Encoding: chunked\r\n";
        List<String> heads = List.of(
                "Content-Length: 5\r\n" + te,
                te + "Content-Length: 5\r\n",
                "Content-Length: 5\r\nContent-Length: 5\r\n",
                "Content-Length: 5\r\nContent-Length: 6\r\n",
                "Content-Length: 5, 5\r\n",
                "Content-Length: +5\r\n",
                "Content-Length: 0x5\r\n",
                "Transfer-Encoding: xchunked\r\n",
                "Transfer-Encoding: chunked, identity\r\n",
                "Transfer-Encoding: identity\r\n",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
                "Transfer-Encoding : chunked\r\n",
                " Transfer-Encoding: chunked\r\n",
                "Transfer-Encoding:\tchunked\r\nContent-Length: 5\r\n",
                "Transfer-Encoding:\r\n chunked\r\n",
                "X-Folded: a\r\n Transfer-Encoding: chunked\r\n",
                "X-Folded: a\r\n\tTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: \"chunked\"\r\n",
                "Transfer-Encoding: chunked\u000b\r\n");
        for (String h : heads) {
            Exchange x = exchange("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\n" + h + "\r\n5\r\nhello\r\n0\r\n\r\n"
                    + hidden("/hidden-after-framing"));
            assertEquals(1, x.responses.size(), h + " -> " + x);
            assertEquals(400, x.responses.getFirst().status, h + " -> " + x);
            assertTrue(x.closed, h);
        }
        // Unsupported but well-formed codings before chunked: 501.
        Exchange x = exchange("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + hidden("/hidden-after-gzip"));
        assertEquals(1, x.responses.size());
        assertEquals(501, x.responses.getFirst().status);
        // Optional whitespace around the value is still plain chunked (RFC 9110 §5.6.3): accepted.
        x = exchange("POST /echo HTTP/1.1\r\nHost: " + HOST + "\r\nTransfer-Encoding:\tChunked \r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertEquals(List.of("echo:hello"), x.texts());
        assertNoHiddenRequestRan();
    }

    // ---- 7. identity headers ----

    @Test
    void identityHeadersInAnySpellingNeverReachTheApp() throws Exception {
        Exchange x = exchange("GET /headers HTTP/1.1\r\nHost: " + HOST + "\r\n"
                + "X-W7S-RPC: 1\r\nx-w7s-rpc: 1\r\nX-W7s-Rpc-Caller-Owner: evil\r\nx-w7s-rpc-caller-repository: evil/app\r\n"
                + "X_W7S_RPC_CALLER_OWNER: evil\r\nx_w7s_rpc: 1\r\nX-W7S_RPC-Caller-Repo: evil\r\nx-w7s-rpc-caller-environment: production\r\n"
                + "X_Other_Header: kept\r\nx-w7s-other: kept\r\nConnection: close\r\n\r\n");
        assertEquals(1, x.responses.size(), x.toString());
        assertEquals(200, x.responses.getFirst().status);
        JsonNode names = JSON.readTree(x.responses.getFirst().text());
        List<String> seen = new ArrayList<>();
        names.forEach(n -> seen.add(n.asText()));
        for (String name : seen) {
            assertFalse(name.replace('_', '-').strip().startsWith("x-w7s-rpc"), "identity header got through: " + seen);
        }
        assertTrue(seen.contains("x_other_header"), seen.toString());
        assertTrue(seen.contains("x-w7s-other"), seen.toString());
        // Whitespace around the name is not a header name at all: refused before any app.
        for (String h : List.of(" X-W7S-RPC-Caller-Owner: evil\r\n", "X-W7S-RPC-Caller-Owner : evil\r\n", "\tx-w7s-rpc: 1\r\n")) {
            x = exchange("GET /headers HTTP/1.1\r\nHost: " + HOST + "\r\nX-A: b\r\n" + h + "Connection: close\r\n\r\n");
            assertEquals(1, x.responses.size(), h + x);
            assertEquals(400, x.responses.getFirst().status, h + x);
        }
    }

    @Test
    void identityHeaderNamesAreRecognisedInEverySpelling() {
        for (String n : List.of("x-w7s-rpc", "X-W7S-RPC-CALLER-OWNER", "x_w7s_rpc_caller_owner", " x-w7s-rpc ", "X_w7s-Rpc")) {
            assertTrue(PublicIngress.isIdentityHeader(n), n);
        }
        for (String n : List.of("x-w7s-other", "x-w7s-rp", "rpc-x-w7s")) assertFalse(PublicIngress.isIdentityHeader(n), n);
    }

    // ---- 5. slow clients ----

    @Test
    void aClientTricklingItsRequestHeadIsCutOff() throws Exception {
        try (TestHost slow = TestHost.start(new HostConfig(0, "localhost", LIMIT, List.of(
                new AppSource(TestHost.TEST_APPS.resolve("edge/counter"), "production", null)))
                .withEdge(EdgeLimits.DEFAULTS.withHeadTimeout(Duration.ofSeconds(2))))) {
            // A normal request on that host is served.
            Exchange ok = exchange(slow.port(), lastRequest("/fast"));
            assertEquals(List.of("ok:/fast"), ok.texts());
            // Trickled during the request line, and during the headers, without end: the head never
            // completes, so the only way this read ends is the server closing the connection (2 s head
            // timeout); a server that never closes fails the test at the read timeout, a bound only.
            for (String prefix : List.of("GET /", "GET /slow HTTP/1.1\r\nHost: " + HOST + "\r\nX-Slow: ")) {
                try (Socket s = new Socket("127.0.0.1", slow.port())) {
                    s.setSoTimeout(4 * READ_TIMEOUT_MS);
                    OutputStream out = s.getOutputStream();
                    out.write(prefix.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread trickle = Thread.ofVirtual().start(() -> {
                        try {
                            while (true) {
                                out.write('a');
                                out.flush();
                                Thread.sleep(100); // the pace of a slow client, not a wait for anything
                            }
                        } catch (IOException | InterruptedException e) {
                            // the server closed the connection: expected
                        }
                    });
                    byte[] got = readToEnd(s.getInputStream());
                    trickle.interrupt();
                    assertFalse(new String(got, StandardCharsets.US_ASCII).contains(" 200 "), "a trickled request was served");
                }
            }
            assertNoHiddenRequestRan();
        }
    }

    // ---- helpers ----

    static String hidden(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n";
    }

    static String lastRequest(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n";
    }

    static void assertNoHiddenRequestRan() throws Exception {
        JsonNode count = JSON.readTree(host.get(HOST, "/count").body());
        assertEquals(0, count.get("hidden").asInt(), "hidden requests reached the app: " + count);
    }

    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    /** The responses read from a connection, and whether the server closed it (EOF or reset) within the bound. */
    record Exchange(List<Response> responses, boolean closed, String raw) {
        List<String> texts() {
            return responses.stream().map(Response::text).toList();
        }

        @Override
        public String toString() {
            return responses + (closed ? " (closed)" : " (open)") + " raw=" + raw.substring(0, Math.min(raw.length(), 400));
        }
    }

    static Exchange exchange(String request) throws IOException {
        return exchange(host.port(), request);
    }

    /**
     * Writes the request bytes (the server may close before taking them all), then reads until the server
     * closes the connection. A server that keeps it open fails the test after the 30 s bound.
     */
    static Exchange exchange(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(READ_TIMEOUT_MS);
            byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // closed by the server: fine, what matters is what it answered
                }
            });
            boolean closed = true;
            byte[] raw;
            try {
                raw = readToEnd(s.getInputStream());
            } catch (SocketTimeoutException e) {
                closed = false;
                raw = new byte[0];
                fail("the server kept the connection open for " + READ_TIMEOUT_MS + " ms after: " + request.substring(0, Math.min(200, request.length())));
            }
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Exchange(parse(raw), closed, new String(raw, StandardCharsets.ISO_8859_1));
        }
    }

    /** Everything until EOF; a reset after the data counts as the end (the server closed with input unread). */
    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) all.write(buf, 0, n);
        } catch (SocketException e) {
            // connection reset: the server closed while our bytes were still unread
        }
        return all.toByteArray();
    }

    static List<Response> parse(byte[] raw) {
        List<Response> out = new ArrayList<>();
        int i = 0;
        while (i < raw.length) {
            int end = indexOf(raw, "\r\n\r\n", i);
            if (end < 0) throw new AssertionError("truncated response head: " + new String(raw, i, raw.length - i, StandardCharsets.ISO_8859_1));
            String[] lines = new String(raw, i, end - i, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int k = 1; k < lines.length; k++) {
                int c = lines[k].indexOf(':');
                headers.put(lines[k].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[k].substring(c + 1).trim());
            }
            i = end + 4;
            if (status == 100) continue;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headers.containsKey("content-length")) {
                int len = Integer.parseInt(headers.get("content-length"));
                body.write(raw, i, len);
                i += len;
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    int eol = indexOf(raw, "\r\n", i);
                    int size = Integer.parseInt(new String(raw, i, eol - i, StandardCharsets.ISO_8859_1).trim(), 16);
                    i = eol + 2;
                    if (size == 0) {
                        i = indexOf(raw, "\r\n", i) + 2;
                        break;
                    }
                    body.write(raw, i, size);
                    i += size + 2;
                }
            }
            out.add(new Response(status, headers, body.toByteArray()));
        }
        return out;
    }

    static int indexOf(byte[] a, String s, int from) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= a.length - b.length; i++) {
            for (int j = 0; j < b.length; j++) if (a[i + j] != b[j]) continue outer;
            return i;
        }
        return -1;
    }
}
