package io.w7s.host.observe;

import io.opentelemetry.api.trace.Span;
import io.w7s.host.web.Correlation;
import io.w7s.host.web.WebRequest;
import java.time.Instant;

/**
 * One request the host carries, observed from start to response head: a public request or an RPC call (which the
 * target deployment handles), or an outbound fetch. {@link #request()} is what to send on (with the span it runs
 * in, when tracing); {@link #end} records it once.
 */
public final class Exchange {
    enum Kind { PUBLIC, RPC, FETCH }

    private final Telemetry telemetry;
    private final Kind kind;
    private final WebRequest request;
    /** The deployment that handles it (public, RPC) or makes it (fetch); null with metrics off. */
    private final HostMetrics.DeploymentMeters meters;
    private final HostMetrics.EdgeMeters edgeMeters;
    /** The server span (public, RPC target) or client span (fetch); null unless tracing. */
    private final Span span;
    /** An RPC call's client span, in the caller's trace, parent of {@link #span}; null otherwise. */
    private final Span clientSpan;
    private final long startNanos = System.nanoTime();
    private String failure;
    private boolean ended;

    Exchange(Telemetry telemetry, Kind kind, WebRequest request, HostMetrics.DeploymentMeters meters, HostMetrics.EdgeMeters edgeMeters,
             Span span, Span clientSpan) {
        this.telemetry = telemetry;
        this.kind = kind;
        this.request = request;
        this.meters = meters;
        this.edgeMeters = edgeMeters;
        this.span = span;
        this.clientSpan = clientSpan;
        if (meters != null && kind != Kind.FETCH) meters.inFlight.incrementAndGet();
    }

    /** When it started ({@link System#nanoTime()}), for the access log's time. */
    public long startNanos() {
        return startNanos;
    }

    /** The request to send on: the original, or (tracing) the same with the span it runs in as correlation and traceparent. */
    public WebRequest request() {
        return request;
    }

    /** The handler threw: {@code detail} is its message and stack as the log shows them (mapped, secrets hidden). */
    public void failed(String detail) {
        this.failure = detail;
    }

    /** The request went over one of the deployment's limits ({@code cpu_limit}, {@code memory_limit}, …). */
    public void limitTripped(String code) {
        if (meters != null) meters.limitTripped(code);
        if (failure == null) failure = code;
    }

    /** The response head is out with {@code status} (0: no response, e.g. the client left or the connection failed). Once only. */
    public synchronized void end(int status) {
        if (ended) return;
        ended = true;
        long nanos = System.nanoTime() - startNanos;
        if (meters != null) {
            switch (kind) {
                case FETCH -> meters.fetch(status, nanos);
                case RPC -> {
                    meters.request(true, status, nanos);
                    edgeMeters.call(status, nanos);
                    edgeMeters.live.record(status, nanos);
                }
                case PUBLIC -> meters.request(false, status, nanos);
            }
            if (kind != Kind.FETCH) {
                meters.inFlight.decrementAndGet();
                meters.live.record(status, nanos);
                if (StatusClass.isError(status) && telemetry.live() != null) {
                    Correlation c = request.correlation();
                    telemetry.live().failed(new LiveStats.Failure(Instant.now(), meters.name.label(), request.summary(), status,
                            failure, c == null ? null : c.requestId(), c == null ? null : c.traceId()));
                }
            }
        }
        if (span != null) Tracing.end(span, status, failure);
        if (clientSpan != null) Tracing.end(clientSpan, status, null);
    }
}
