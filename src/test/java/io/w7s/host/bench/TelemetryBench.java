package io.w7s.host.bench;

import com.sun.net.httpserver.HttpServer;
import io.w7s.host.observe.Exchange;
import io.w7s.host.observe.Telemetry;
import io.w7s.host.observe.TelemetryConfig;
import io.w7s.host.web.Correlation;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What observing adds to one request, in-process and without the app: the host's own work per public request and
 * per RPC call ({@link Telemetry#publicRequest} / {@link Telemetry#rpcCall} to {@link Exchange#end}) with metrics
 * off, metrics on, and metrics plus tracing at 100 % sampling (spans batched to a local OTLP sink that drops them).
 * Compare with the host's CPU per request (BENCHMARKS.md). Usage: TelemetryBench [ITERATIONS].
 */
public final class TelemetryBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", e -> {
            e.getRequestBody().readAllBytes();
            e.sendResponseHeaders(200, -1);
            e.close();
        });
        sink.start();
        TelemetryConfig tracing = TelemetryConfig.METRICS.withOtel(Map.of(
                "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + sink.getAddress().getPort(),
                "otel.exporter.otlp.protocol", "http/protobuf"));
        Headers headers = Headers.builder().add("host", "hello.bench.localhost").add("user-agent", "wrk").add("accept", "*/*").build();
        try (Telemetry off = Telemetry.start(TelemetryConfig.OFF, l -> null);
             Telemetry metrics = Telemetry.start(TelemetryConfig.METRICS, l -> null);
             Telemetry traced = Telemetry.start(tracing, l -> null)) {
            for (int round = 1; round <= 3; round++) {
                for (var mode : new Object[][] {{"off", off}, {"metrics", metrics}, {"metrics + tracing", traced}}) {
                    Telemetry t = (Telemetry) mode[1];
                    System.out.printf("round %d %-18s public %6.0f ns/request   rpc %6.0f ns/call%n", round, mode[0],
                            perPublic(t, headers, n), perRpc(t, headers, n));
                }
            }
        } finally {
            sink.stop(0);
        }
    }

    private static double perPublic(Telemetry t, Headers headers, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            WebRequest request = new WebRequest("GET", "http://hello.bench.localhost/", headers, null, null, Correlation.newRequest());
            Exchange e = t.publicRequest("bench/hello@production", request);
            e.end(200);
        }
        return (System.nanoTime() - start) / (double) n;
    }

    private static double perRpc(Telemetry t, Headers headers, int n) {
        Correlation origin = Correlation.newRequest();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            WebRequest forwarded = new WebRequest("GET", "https://auth.internal/session", headers, null, null, origin);
            Exchange e = t.rpcCall("guerrerocarlos/nodepad@production", "guerrerocarlos/auth@production", forwarded);
            e.end(200);
        }
        return (System.nanoTime() - start) / (double) n;
    }
}
