package io.w7s.host.streaming;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.support.TestHost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streamed bodies end to end, through a real host and real HTTP: server-sent events reach the client
 * event by event, and a large request body piped into the response (directly and through RPC) flows
 * with bounded buffering.
 */
class StreamingTest {
    static final String APP = "streams.test.localhost";
    /**
     * The piped body: 1 GiB (pom.xml's w7s.streamBytes; about 17 s each way on two shared cores),
     * e.g. {@code -Dw7s.streamBytes=268435456} for 256 MiB on a slower machine.
     */
    static final long BIG = Long.getLong("w7s.streamBytes", 1L << 30);
    /**
     * How far the client's upload may run ahead of the piped response: socket buffers, the HTTP
     * client's, and one MiB per host queue. A buffering host would let it grow to the whole body.
     */
    static final long MAX_IN_FLIGHT = 64L << 20;
    static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(new HostConfig(0, "localhost", 4L << 30, List.of(
                new AppSource(TestHost.TEST_APPS.resolve("test/streams"), "production", null))));
        assertEquals(List.of(), host.host().deployErrors());
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void serverSentEventsArriveBeforeTheHandlerFinishes() throws Exception {
        sse("/sse");
    }

    @Test
    void serverSentEventsStreamThroughRpc() throws Exception {
        sse("/rpc-sse");
    }

    private void sse(String path) throws Exception {
        HttpResponse<InputStream> r = host.client().send(host.request(APP, path).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("data: first", in.readLine());
            assertEquals("", in.readLine());
            assertEquals("data: second", in.readLine());
            assertEquals("", in.readLine());
            // The handler is now waiting for /release: the events above came while it was running.
            assertEquals("released", host.get(APP, "/release").body());
            assertEquals("data: last", in.readLine());
            assertEquals("", in.readLine());
            assertEquals(null, in.readLine());
        }
    }

    @Test
    void aClientThatLeavesCancelsTheAppsStream() throws Exception {
        clientLeaves("/ticks");
    }

    @Test
    void aClientThatLeavesCancelsTheTargetsStreamThroughRpc() throws Exception {
        clientLeaves("/rpc-ticks");
    }

    @Test
    void anAppStreamThatFailsAbortsTheResponse() throws Exception {
        HttpResponse<InputStream> r = host.client().send(host.request(APP, "/broken").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (InputStream in = r.body()) {
            assertThrows(IOException.class, in::readAllBytes, "a truncated body must not end normally");
        }
    }

    private synchronized void clientLeaves(String path) throws Exception {
        String before = host.get(APP, "/ticks-cancelled").body();
        String after = String.valueOf(Integer.parseInt(before) + 1);
        HttpResponse<InputStream> r = host.client().send(host.request(APP, path).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("data: 0", in.readLine());
        } // closing the body before its end closes the connection
        // Answers when the app's cancel() has run (the request times out, failing the test, if it never does).
        assertEquals(after, host.get(APP, "/ticks-cancelled?atLeast=" + after).body(),
                "the app's stream was not cancelled after the client left");
    }

    @Test
    void aStreamedRequestBodyCanBeReadWhole() {
        byte[] body = new byte[300_000]; // above the buffered limit, sent chunked
        java.util.Arrays.fill(body, (byte) 'x');
        HttpResponse<String> r = host.send(host.request(APP, "/text")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build());
        assertEquals("{\"length\":300000,\"streamed\":true}", r.body());
    }

    @Test
    void aStreamedRequestBodyIsReadChunkByChunk() {
        HttpResponse<String> r = host.send(host.request(APP, "/count")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(10L << 20, null))).build());
        assertTrue(r.body().startsWith("{\"bytes\":" + (10L << 20) + ",\"chunks\":"), r.body());
    }

    @Test
    void aStreamedRequestBodyStreamsThroughRpc() {
        HttpResponse<String> r = host.send(host.request(APP, "/rpc-count")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(10L << 20, null))).build());
        assertTrue(r.body().startsWith("{\"bytes\":" + (10L << 20) + ",\"chunks\":"), r.body());
        HttpResponse<String> t = host.send(host.request(APP, "/rpc-text")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(3L << 20, null))).build());
        assertEquals("{\"length\":" + (3L << 20) + "}", t.body());
    }

    @Test
    void aLargeBodyIsPipedThroughTheHandler() throws Exception {
        pipe("/pipe", BIG);
    }

    @Test
    void aLargeBodyIsPipedThroughRpc() throws Exception {
        pipe("/rpc-pipe", BIG);
    }

    /**
     * Uploads a generated body of {@code size} bytes (chunked) and checks the piped response: byte
     * count, hash, bounded lag. A raw socket, because the JDK client sends the whole request before
     * it reads the response, and a pipe needs both directions at once.
     */
    private void pipe(String path, long size) throws Exception {
        AtomicLong sent = new AtomicLong();
        MessageDigest sentHash = MessageDigest.getInstance("SHA-256");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", host.port())) {
            socket.setSoTimeout(120_000);
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    java.io.OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: " + APP + ":" + host.port()
                            + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    InputStream body = new Generated(size, (b, off, n) -> sentHash.update(b, off, n));
                    byte[] chunk = new byte[64 * 1024];
                    for (int n; (n = body.read(chunk, 0, chunk.length)) >= 0; ) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk, 0, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        sent.addAndGet(n);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
            String status = line(in);
            assertTrue(status.startsWith("HTTP/1.1 200"), status);
            boolean chunked = false;
            for (String h; !(h = line(in)).isEmpty(); ) {
                if (h.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:") && h.toLowerCase(java.util.Locale.ROOT).contains("chunked")) chunked = true;
            }
            assertTrue(chunked, "a streamed response is sent chunked");
            MessageDigest receivedHash = MessageDigest.getInstance("SHA-256");
            long received = 0, maxLag = 0;
            byte[] buffer = new byte[64 * 1024];
            while (true) {
                int chunkSize = Integer.parseInt(line(in).trim(), 16);
                if (chunkSize == 0) break;
                for (int left = chunkSize; left > 0; ) {
                    int n = in.read(buffer, 0, Math.min(left, buffer.length));
                    if (n < 0) throw new java.io.EOFException("response truncated after " + received + " bytes");
                    receivedHash.update(buffer, 0, n);
                    received += n;
                    left -= n;
                    long lag = sent.get() - received;
                    maxLag = Math.max(maxLag, lag);
                    assertTrue(lag <= MAX_IN_FLIGHT, "the upload ran " + lag + " bytes ahead of the response: the body is being buffered");
                }
                line(in);
            }
            writer.join();
            assertEquals(size, received);
            assertEquals(size, sent.get());
            assertArrayEquals(sentHash.digest(), receivedHash.digest());
            System.out.println(path + ": " + size + " bytes piped, upload ahead by at most " + maxLag + " bytes");
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new java.io.EOFException("connection closed");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }

    interface Tap {
        void bytes(byte[] b, int off, int n);
    }

    /** {@code size} pseudo-random bytes, generated as they are read (never held in memory). */
    static final class Generated extends InputStream {
        private final Tap tap;
        private long left;
        private long state = 0x9E3779B97F4A7C15L;

        Generated(long size, Tap tap) {
            this.left = size;
            this.tap = tap;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) return -1;
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                if ((i & 7) == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                }
                b[off + i] = (byte) (state >>> ((i & 7) << 3));
            }
            left -= n;
            if (tap != null) tap.bytes(b, off, n);
            return n;
        }
    }
}
