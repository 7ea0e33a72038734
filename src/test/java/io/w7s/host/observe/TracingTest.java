package io.w7s.host.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.support.OtlpReceiver;
import io.w7s.host.support.OtlpReceiver.Received;
import io.w7s.host.support.TestHost;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One trace across every hop, exported by OTLP to a receiver in the test: public request → RPC call → target, and an
 * outbound fetch; the target app and the fetched server see a {@code traceparent} of the same trace; an incoming
 * {@code traceparent} is continued; spans still buffered at shutdown are flushed.
 */
class TracingTest {
    static final Path RPC = Path.of("src/test/rpc/alpha").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static OtlpReceiver receiver;
    static HttpServer downstream;
    static final BlockingQueue<String> downstreamTraceparents = new ArrayBlockingQueue<>(16);
    static TestHost host;
    static Path fetcher;

    static HostConfig config(List<AppSource> apps, String scheduleDelayMillis) {
        return HostConfig.of(apps).withTelemetry(TelemetryConfig.METRICS.withOtel(Map.of(
                "otel.traces.exporter", "otlp",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.exporter.otlp.endpoint", receiver.endpoint(),
                "otel.bsp.schedule.delay", scheduleDelayMillis,
                "otel.service.name", "w7s-test")));
    }

    @BeforeAll
    static void start() throws Exception {
        receiver = new OtlpReceiver();
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/", exchange -> {
            downstreamTraceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        downstream.start();
        fetcher = Files.createTempDirectory("w7s-fetcher");
        Files.writeString(fetcher.resolve("index.js"), """
                export default {
                  async fetch(request) {
                    const to = new URL(request.url).searchParams.get("to");
                    const r = await fetch(to);
                    return new Response("fetched " + (await r.text()));
                  },
                };
                """);
        host = TestHost.start(config(List.of(
                new AppSource(RPC.resolve("caller"), "production", null),
                new AppSource(RPC.resolve("echo"), "production", null),
                new AppSource(fetcher, "production", "alpha/fetcher")), "50"));
        assertTrue(host.host().telemetry().tracing());
    }

    @AfterAll
    static void stop() {
        host.close();
        receiver.close();
        downstream.stop(0);
    }

    static HttpResponse<String> callEcho(String traceparent) {
        String spec = JSON.createObjectNode().put("url", "https://w7s.internal/api/v1/rpc/alpha/echo/who").toString();
        HttpRequest.Builder b = host.request("caller.alpha.localhost", "/call").POST(HttpRequest.BodyPublishers.ofString(spec));
        if (traceparent != null) b.header("traceparent", traceparent);
        return host.send(b.build());
    }

    /** The {@code traceparent} the target app saw, from the echo the caller reports. */
    static String[] seenByTarget(HttpResponse<String> response) throws Exception {
        JsonNode report = JSON.readTree(response.body());
        JsonNode echoed = JSON.readTree(report.get("body").asText());
        String tp = echoed.get("headers").get("traceparent").asText();
        String[] parts = tp.split("-");
        assertEquals(4, parts.length, tp);
        return parts;
    }

    @Test
    void oneRequestThroughAnRpcCallIsOneTraceWithTheTargetUnderTheCall() throws Exception {
        HttpResponse<String> r = callEcho(null);
        assertEquals(200, r.statusCode(), r.body());
        String[] tp = seenByTarget(r);
        String traceId = tp[1];

        List<Received> spans = receiver.await(3, s -> s.traceId().equals(traceId));
        assertEquals(3, spans.size(), spans.toString());
        Received callerServer = only(spans, s -> s.kind() == SpanKind.SPAN_KIND_SERVER && "alpha/caller@production".equals(s.attribute("w7s.deployment")));
        Received client = only(spans, s -> s.kind() == SpanKind.SPAN_KIND_CLIENT);
        Received targetServer = only(spans, s -> s.kind() == SpanKind.SPAN_KIND_SERVER && "alpha/echo@production".equals(s.attribute("w7s.deployment")));
        assertEquals("", callerServer.parentSpanId(), "a root span: the request came without traceparent");
        assertEquals(callerServer.spanId(), client.parentSpanId());
        assertEquals(client.spanId(), targetServer.parentSpanId());
        assertEquals("alpha/caller@production", client.attribute("w7s.rpc.caller"));
        assertEquals("alpha/echo@production", client.attribute("w7s.rpc.target"));
        assertEquals("/who", targetServer.attribute("url.path"));
        assertEquals("200", targetServer.attribute("http.response.status_code"));
        assertEquals(targetServer.spanId(), tp[2], "the target app sees its own server span as parent");
        assertEquals("01", tp[3], "sampled");
    }

    @Test
    void theExampleNodepadCallingAuthIsOneTrace() throws Exception {
        Path apps = Path.of("apps/guerrerocarlos").toAbsolutePath();
        try (TestHost examples = TestHost.start(config(List.of(new AppSource(apps.resolve("nodepad"), "production", null),
                new AppSource(apps.resolve("auth"), "production", null)), "50"))) {
            String traceId = "0af7651916cd43dd8448eb211c80319c";
            HttpResponse<String> r = examples.send(examples.request("nodepad.guerrerocarlos.localhost", "/")
                    .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01").build());
            assertEquals(200, r.statusCode(), r.body());
            List<Received> spans = receiver.await(3, s -> s.traceId().equals(traceId));
            assertEquals(3, spans.size(), spans.toString());
            Received nodepad = only(spans, s -> "guerrerocarlos/nodepad@production".equals(s.attribute("w7s.deployment")));
            Received call = only(spans, s -> s.kind() == SpanKind.SPAN_KIND_CLIENT);
            Received auth = only(spans, s -> "guerrerocarlos/auth@production".equals(s.attribute("w7s.deployment")));
            assertEquals("b7ad6b7169203331", nodepad.parentSpanId());
            assertEquals(nodepad.spanId(), call.parentSpanId());
            assertEquals("W7S_RPC guerrerocarlos/auth", call.name());
            assertEquals(call.spanId(), auth.parentSpanId());
            assertEquals("/session", auth.attribute("url.path"));
        }
    }

    @Test
    void anIncomingTraceparentIsContinued() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String parent = "00f067aa0ba902b7";
        HttpResponse<String> r = callEcho("00-" + traceId + "-" + parent + "-01");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(traceId, seenByTarget(r)[1]);
        List<Received> spans = receiver.await(3, s -> s.traceId().equals(traceId));
        Received callerServer = only(spans, s -> s.kind() == SpanKind.SPAN_KIND_SERVER && "alpha/caller@production".equals(s.attribute("w7s.deployment")));
        assertEquals(parent, callerServer.parentSpanId());
    }

    @Test
    void anOutboundFetchIsAClientSpanAndCarriesTraceparent() throws Exception {
        String to = "http://127.0.0.1:" + downstream.getAddress().getPort() + "/data?secret=1";
        HttpResponse<String> r = host.get("fetcher.alpha.localhost", "/?to=" + java.net.URLEncoder.encode(to, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        String[] tp = downstreamTraceparents.poll(60, TimeUnit.SECONDS).split("-");
        List<Received> spans = receiver.await(2, s -> s.traceId().equals(tp[1]));
        Received server = only(spans, s -> s.kind() == SpanKind.SPAN_KIND_SERVER);
        Received fetch = only(spans, s -> s.kind() == SpanKind.SPAN_KIND_CLIENT);
        assertEquals(server.spanId(), fetch.parentSpanId());
        assertEquals(fetch.spanId(), tp[2], "the server fetched sees the fetch's span as parent");
        assertEquals("/data", fetch.attribute("url.path"), "no query in spans");
        assertEquals("200", fetch.attribute("http.response.status_code"));
    }

    @Test
    void spansStillBufferedWhenTheHostStopsAreExported() throws Exception {
        // An export delay far longer than the test: only the flush at close can deliver the span.
        try (TestHost other = TestHost.start(config(List.of(new AppSource(RPC.resolve("echo"), "staging", null)), "3600000"))) {
            HttpResponse<String> r = other.get("staging--echo.alpha.localhost", "/flush-me");
            assertEquals(200, r.statusCode());
            String traceId = JSON.readTree(r.body()).get("headers").get("traceparent").asText().split("-")[1];
            other.close();
            assertNotEquals("", traceId);
            receiver.await(1, s -> s.traceId().equals(traceId) && "/flush-me".equals(s.attribute("url.path")));
        }
    }

    private static Received only(List<Received> spans, java.util.function.Predicate<Received> match) {
        List<Received> found = spans.stream().filter(match).toList();
        assertEquals(1, found.size(), spans.toString());
        return found.getFirst();
    }
}
