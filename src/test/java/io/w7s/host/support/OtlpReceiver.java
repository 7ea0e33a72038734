package io.w7s.host.support;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * An OTLP/HTTP trace receiver in the test's process: {@code POST /v1/traces} with protobuf bodies, decoded with the
 * OTLP classes, as a collector would. Tests wait for the spans they expect ({@link #await}), never for a time.
 */
public final class OtlpReceiver implements AutoCloseable {
    /** One received span, ids in lower-case hex as W3C trace context writes them. */
    public record Received(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind, Span span) {
        public String attribute(String key) {
            return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst()
                    .map(a -> a.getValue().hasIntValue() ? String.valueOf(a.getValue().getIntValue()) : a.getValue().getStringValue())
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> spans = new ArrayList<>();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
                List<Received> got = new ArrayList<>();
                for (ResourceSpans rs : request.getResourceSpansList()) {
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                        for (Span s : ss.getSpansList()) {
                            got.add(new Received(hex(s.getTraceId().toByteArray()), hex(s.getSpanId().toByteArray()),
                                    hex(s.getParentSpanId().toByteArray()), s.getName(), s.getKind(), s));
                        }
                    }
                }
                synchronized (spans) {
                    spans.addAll(got);
                    spans.notifyAll();
                }
            }
            exchange.getResponseHeaders().add("content-type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Waits until {@code count} received spans match, and returns them (fails after a generous bound: a test that failed). */
    public List<Received> await(int count, Predicate<Received> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        synchronized (spans) {
            while (true) {
                List<Received> found = spans.stream().filter(match).toList();
                if (found.size() >= count) return found;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("expected " + count + " spans, got " + found + " of " + spans);
                spans.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
