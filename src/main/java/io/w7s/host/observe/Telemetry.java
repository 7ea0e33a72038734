package io.w7s.host.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.w7s.host.deploy.Deployment;
import io.w7s.host.web.Correlation;
import io.w7s.host.web.WebRequest;
import java.util.function.Function;

/**
 * The host's observation of its traffic, one per host: ingress, the RPC router and outbound fetch open an
 * {@link Exchange} per request; metrics ({@code /metrics}), the dashboard's {@link LiveStats} and (when on) tracing
 * read from it. {@link #NONE} observes nothing, for routers and servers built outside a host.
 */
public final class Telemetry implements AutoCloseable {
    public static final Telemetry NONE = new Telemetry(null, null, null);

    private final HostMetrics metrics;
    private final LiveStats live;
    private final Tracing tracing;

    private Telemetry(HostMetrics metrics, LiveStats live, Tracing tracing) {
        this.metrics = metrics;
        this.live = live;
        this.tracing = tracing;
    }

    /** @param current finds the deployment serving a label now (for the isolate and CPU gauges) */
    public static Telemetry start(TelemetryConfig config, Function<String, Deployment> current) {
        LiveStats live = config.metrics() ? new LiveStats() : null;
        return new Telemetry(live != null ? new HostMetrics(current, live) : null, live, Tracing.start(config));
    }

    public boolean tracing() {
        return tracing != null;
    }

    /** The dashboard's figures, or null with metrics off. */
    public LiveStats live() {
        return live;
    }

    /** The Prometheus text exposition of every metric, or null with metrics off. */
    public String scrape() {
        return metrics == null ? null : metrics.scrape();
    }

    /** A public request for the deployment {@code label} ({@code owner/repo@environment}). */
    public Exchange publicRequest(String label, WebRequest request) {
        Span span = null;
        if (tracing != null) {
            span = tracing.serverSpan(label, request, null);
            request = Tracing.inSpan(request, span);
        }
        return new Exchange(this, Exchange.Kind.PUBLIC, request, meters(label), null, span, null);
    }

    /**
     * An RPC call from deployment {@code caller} to {@code target}: a client span in the caller's trace and the
     * target's server span under it; {@code forwarded} is the request as the target will see it.
     */
    public Exchange rpcCall(String caller, String target, WebRequest forwarded) {
        Span client = null;
        Span server = null;
        if (tracing != null) {
            client = tracing.clientSpan("W7S_RPC " + DeploymentName.of(target).repository(), forwarded, forwarded.correlation());
            client.setAttribute(Tracing.CALLER, caller);
            client.setAttribute(Tracing.TARGET, target);
            server = tracing.serverSpan(target, forwarded, Context.root().with(client));
            forwarded = Tracing.inSpan(forwarded, server);
        }
        return new Exchange(this, Exchange.Kind.RPC, forwarded, meters(target), metrics == null ? null : metrics.edge(caller, target),
                server, client);
    }

    /** An outbound fetch by deployment {@code caller}, made for the request {@code origin} correlates (null: background work). */
    public Exchange fetch(String caller, WebRequest request, Correlation origin) {
        Span span = null;
        if (tracing != null) {
            span = tracing.clientSpan(request.method(), request, origin);
            span.setAttribute(Tracing.DEPLOYMENT, caller);
            span.setAttribute(Tracing.SERVER, host(request.url()));
            request = Tracing.inSpan(request.with(request.headers(), origin), span);
        }
        return new Exchange(this, Exchange.Kind.FETCH, request, meters(caller), null, span, null);
    }

    /** A deploy ({@code deploy}, {@code reload}, {@code undeploy}) of the deployment {@code label} ended. */
    public void deployed(String label, String kind, boolean ok) {
        if (metrics != null) metrics.deployed(label, kind, ok);
    }

    private HostMetrics.DeploymentMeters meters(String label) {
        return metrics == null ? null : metrics.deployment(label);
    }

    private static String host(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) return "";
        int end = scheme + 3;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        String authority = url.substring(scheme + 3, end);
        return authority.substring(authority.lastIndexOf('@') + 1); // never user:password

    }

    /** Flushes buffered spans (bounded) and stops. */
    @Override
    public void close() {
        if (tracing != null) tracing.close();
        if (metrics != null) metrics.close();
    }
}
