package io.w7s.host.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.w7s.host.web.Correlation;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * OpenTelemetry traces of the traffic: a server span per request a deployment handles (public, continuing an
 * incoming W3C {@code traceparent}; or an RPC call, under the caller's client span), a client span per RPC call
 * and per outbound fetch. Every RPC hop stays in one trace because calls never leave the process. The span a
 * request runs in travels with it as its {@link Correlation}; the app sees it as {@code traceparent}. Spans are
 * exported in batches after the responses (the SDK's batch processor) and flushed, with a bound, at close.
 */
final class Tracing implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());
    static final Duration FLUSH_BOUND = Duration.ofSeconds(5);
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("w7s.deployment");
    static final AttributeKey<String> CALLER = AttributeKey.stringKey("w7s.rpc.caller");
    static final AttributeKey<String> TARGET = AttributeKey.stringKey("w7s.rpc.target");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("w7s.request_id");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.tracer = sdk.getTracer("io.w7s.host");
    }

    /** The tracing {@code config} asks for, or null when it is off. */
    static Tracing start(TelemetryConfig config) {
        if (!config.tracing()) return null;
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", "w7s-host");
        defaults.put("otel.metrics.exporter", "none"); // metrics are Prometheus', at /metrics
        defaults.put("otel.logs.exporter", "none");
        defaults.putAll(config.otel());
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .disableShutdownHook() // the host flushes at close, with a bound
                .addPropertiesSupplier(() -> defaults)
                .build()
                .getOpenTelemetrySdk();
        LOG.info("tracing on: OpenTelemetry, service " + defaults.get("otel.service.name") + ", exporter "
                + defaults.getOrDefault("otel.traces.exporter", "otlp") + " "
                + defaults.getOrDefault("otel.exporter.otlp.traces.endpoint", defaults.getOrDefault("otel.exporter.otlp.endpoint", "")));
        return new Tracing(sdk);
    }

    /** A deployment's server span for {@code request}: under {@code parent}, or else under the request's own {@code traceparent}. */
    Span serverSpan(String deployment, WebRequest request, Context parent) {
        Context context = parent != null ? parent : W3C.extract(Context.root(), request.headers(), HEADERS);
        return tracer.spanBuilder(request.method())
                .setParent(context)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(DEPLOYMENT, deployment)
                .setAttribute(METHOD, request.method())
                .setAttribute(PATH, request.path())
                .startSpan();
    }

    /** A client span (an RPC call or a fetch) under the span of the request it is made for. */
    Span clientSpan(String name, WebRequest request, Correlation origin) {
        return tracer.spanBuilder(name)
                .setParent(parentOf(origin))
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, request.method())
                .setAttribute(PATH, request.path())
                .startSpan();
    }

    /** The context of the span a request runs in, rebuilt from its correlation (root when it has none). */
    static Context parentOf(Correlation c) {
        if (c == null || c.traceId() == null) return Context.root();
        SpanContext parent = SpanContext.createFromRemoteParent(c.traceId(), c.spanId(),
                c.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        return Context.root().with(Span.wrap(parent));
    }

    /** {@code request} as it travels in {@code span}: its correlation names the span, its {@code traceparent} too. */
    static WebRequest inSpan(WebRequest request, Span span) {
        SpanContext sc = span.getSpanContext();
        Correlation c = request.correlation() != null ? request.correlation() : Correlation.newRequest();
        Headers.Builder headers = request.headers().without(n -> n.equals("traceparent") || n.equals("tracestate")).toBuilder();
        W3C.inject(Context.root().with(span), headers, (carrier, key, value) -> carrier.add(key, value));
        return request.with(headers.build(), c.inSpan(sc.getTraceId(), sc.getSpanId(), sc.isSampled()));
    }

    static void end(Span span, int status, String failure) {
        if (status > 0) span.setAttribute(STATUS, (long) status);
        if (status >= 500 || status == 0) span.setStatus(StatusCode.ERROR, failure != null ? failure : status == 0 ? "no response" : "");
        span.end();
    }

    /** Exports what is buffered, waiting at most {@link #FLUSH_BOUND}, and stops. */
    @Override
    public void close() {
        CompletableResultCode done = sdk.shutdown();
        done.join(FLUSH_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        if (!done.isDone()) LOG.warning("tracing: spans not exported within " + FLUSH_BOUND.toSeconds() + " s of stopping were dropped");
    }

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> names = new ArrayList<>(carrier.size());
            for (int i = 0; i < carrier.size(); i++) names.add(carrier.name(i));
            return names;
        }

        @Override
        public String get(Headers carrier, String key) {
            return carrier == null ? null : carrier.first(key);
        }
    };
}
