package io.w7s.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A minimal Chrome DevTools Protocol client over the JDK's web socket: commands wait for their
 * answer, events are kept until a test takes them with {@link #awaitEvent}. Every wait is bounded by
 * {@link CapturedLog#PATIENCE}, which only ends a test that would fail anyway.
 */
public final class CdpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    private CdpClient(WebSocket socket) {
        this.socket = socket;
    }

    public static CdpClient connect(HttpClient client, String webSocketUrl) throws Exception {
        Receiver receiver = new Receiver();
        WebSocket socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(webSocketUrl), receiver).get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        CdpClient cdp = new CdpClient(socket);
        receiver.client.complete(cdp);
        return cdp;
    }

    /** Sends a command and returns its {@code result}; a protocol error fails the test. */
    public JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(message.toString(), true).get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        JsonNode reply = answer.get(CapturedLog.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) throw new AssertionError(method + " failed: " + reply.get("error"));
        return reply.get("result");
    }

    /** Takes the first event {@code method} (received before or after this call) that {@code match} accepts. */
    public synchronized JsonNode awaitEvent(String method, Predicate<JsonNode> match) throws InterruptedException {
        long deadline = System.nanoTime() + CapturedLog.PATIENCE.toNanos();
        while (true) {
            for (int i = 0; i < events.size(); i++) {
                JsonNode event = events.get(i);
                if (event.get("method").asText().equals(method) && match.test(event.get("params"))) {
                    events.remove(i);
                    return event.get("params");
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("no " + method + " event within " + CapturedLog.PATIENCE);
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The parameters of every event {@code method} received so far, leaving them to {@link #awaitEvent}. */
    public synchronized List<JsonNode> events(String method) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode event : events) if (event.get("method").asText().equals(method)) found.add(event.get("params"));
        return found;
    }

    private void received(String text) throws Exception {
        JsonNode message = JSON.readTree(text);
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = answers.remove(message.get("id").asInt());
            if (answer != null) answer.complete(message);
            return;
        }
        synchronized (this) {
            events.add(message);
            notifyAll();
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** Puts fragments together into whole messages. */
    private static final class Receiver implements WebSocket.Listener {
        final CompletableFuture<CdpClient> client = new CompletableFuture<>();
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                try {
                    client.join().received(text);
                } catch (Exception e) {
                    throw new IllegalStateException("unreadable CDP message: " + text, e);
                }
            }
            socket.request(1);
            return null;
        }
    }
}
