package io.w7s.host.rpc;

import io.w7s.host.deploy.Deployment;
import io.w7s.host.deploy.DeploymentLabel;
import io.w7s.host.deploy.Registry;
import io.w7s.host.deploy.Service;
import io.w7s.host.isolate.RpcGateway;
import io.w7s.host.isolate.HandlerFailedException;
import io.w7s.host.isolate.LimitExceededException;
import io.w7s.host.observe.Exchange;
import io.w7s.host.observe.Telemetry;
import io.w7s.host.web.AccessLog;
import io.w7s.host.web.OutboundFetch;
import io.w7s.host.web.Futures;
import io.w7s.host.web.Headers;
import io.w7s.host.web.WebRequest;
import io.w7s.host.web.WebResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The W7S control plane for {@code env.W7S_RPC.fetch}: resolves the caller from its bearer token,
 * finds the target in the caller's environment, applies the target's allowlist, and dispatches the
 * request in-process with the platform's identity headers. Never blocks: the target runs on its own
 * event loop and the caller gets a future. The caller's isolate enforces {@link #timeoutMillis()}.
 */
public final class RpcRouter implements RpcGateway {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(RpcRouter.class.getName());
    public static final int DEFAULT_MAX_DEPTH = 16;

    private final Registry registry;
    private final int maxDepth;
    private final Duration timeout;
    /** Development mode: a failed target's message and stack in the caller's 502. */
    private final boolean dev;
    private final AccessLog access;
    private final Telemetry telemetry;

    public RpcRouter(Registry registry, int maxDepth, Duration timeout) {
        this(registry, maxDepth, timeout, false);
    }

    public RpcRouter(Registry registry, int maxDepth, Duration timeout, boolean dev) {
        this(registry, maxDepth, timeout, dev, AccessLog.of(dev), Telemetry.NONE);
    }

    public RpcRouter(Registry registry, int maxDepth, Duration timeout, boolean dev, AccessLog access, Telemetry telemetry) {
        this.telemetry = telemetry;
        this.registry = registry;
        this.maxDepth = maxDepth;
        this.timeout = timeout;
        this.dev = dev;
        this.access = access;
    }

    @Override
    public CompletableFuture<WebResponse> call(WebRequest request, int depth, WebRequest origin) {
        CompletableFuture<WebResponse> result = route(request, depth, origin);
        // Refused before it reached a target: nobody will read a streamed request body.
        if (request.stream() != null && result.isDone()) request.stream().cancel("the RPC call was refused");
        return result;
    }

    private CompletableFuture<WebResponse> route(WebRequest request, int depth, WebRequest origin) {
        RpcAddress address = RpcAddress.parse(request.url());
        if (address == null) {
            return done(404, "not_found", "RPC URLs have the form https://w7s.internal/api/v1/rpc/<owner>/<repo>/<path>; got one"
                    + " with the path " + RpcAddress.shownPath(request.url()) + " (its query is not shown)");
        }
        String authorization = request.headers().first("authorization");
        if (authorization == null) {
            return done(401, "missing_token", "send the header authorization: Bearer ${env.W7S_RPC_TOKEN}");
        }
        String token = RpcToken.fromAuthorization(authorization);
        Deployment caller = token == null ? null : registry.findByToken(token);
        if (caller == null) {
            return done(401, "invalid_token", "the authorization header does not carry a current W7S RPC token;"
                    + " send authorization: Bearer ${env.W7S_RPC_TOKEN}");
        }
        if (depth > maxDepth) {
            return done(508, "loop_detected", "RPC call depth " + depth + " exceeds the limit of " + maxDepth
                    + " (" + caller.repository() + " -> " + address.repository() + ")");
        }
        Service target = registry.service(caller.environment(), address.owner(), address.repo());
        if (target == null) return notDeployed(address, caller);
        if (target.isLoading()) {
            // The host is starting and the target is not loaded yet: wait for it (the caller's timeout bounds the wait).
            return Futures.then(target.loaded(), d -> d == null
                    ? notDeployed(address, caller) : call(request, depth, origin, address, caller, target));
        }
        return call(request, depth, origin, address, caller, target);
    }

    private static CompletableFuture<WebResponse> notDeployed(RpcAddress address, Deployment caller) {
        return done(404, "not_deployed", address.repository() + " is not deployed in environment '" + caller.environment() + "'");
    }

    private CompletableFuture<WebResponse> call(WebRequest request, int depth, WebRequest origin, RpcAddress address, Deployment caller,
                                                Service target) {
        Exchange exchange = telemetry.rpcCall(caller.label(), target.label(), new WebRequest(request.method(),
                RpcAddress.TARGET_ORIGIN + address.pathAndQuery(), identityHeaders(request.headers(), caller), request.body(),
                request.stream(), origin != null ? origin.correlation() : null));
        WebRequest forwarded = exchange.request();
        // The allowlist is checked against the deployment that serves the call (a redeploy may change it).
        CompletableFuture<WebResponse> call = target.handle(forwarded, depth, t -> RpcPolicy.allows(caller.owner(), caller.repo(), t.owner(), t.settings().rpcAllow())
                        ? null
                        : RpcError.of(403, "not_allowed", caller.repository() + " may not call " + t.repository()
                                + ": only the same owner, or callers listed in the target's w7s.json rpc.allow"));
        CompletableFuture<WebResponse> answer = call.handle((response, error) -> {
            if (error == null) return response;
            if (request.stream() != null) request.stream().cancel("the target failed");
            Deployment now = target.current();
            String name = now != null ? now.repository() : address.repository();
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            // The target went over one of its limits: the caller learns which (503 cpu_limit / memory_limit, 504 wall_time_limit).
            if (cause instanceof LimitExceededException limit) {
                exchange.limitTripped(limit.code());
                return RpcError.of(limit.status(), limit.code(), name + ": " + limit.getMessage());
            }
            if (cause instanceof HandlerFailedException failure) {
                exchange.failed(failure.detail());
                return targetFailed(caller, origin, forwarded, name, failure);
            }
            exchange.failed(String.valueOf(cause));
            return failed(name);
        });
        answer.whenComplete((r, e) -> {
            int status = r != null ? r.status() : 0;
            exchange.end(status);
            if (access.on()) access.rpcCall(AccessLog.name(caller.label()),
                    AccessLog.name(DeploymentLabel.of(address.repository(), caller.environment())), forwarded, status, exchange.startNanos());
        });
        return Futures.cancelling(answer, call);
    }

    /**
     * The target threw: one log entry links both sides (the caller's request, the call, the target's
     * source-mapped stack). The caller gets 502 target_failed; only in development does the body
     * carry the target's message and stack, so the developer sees them where the call failed.
     */
    private WebResponse targetFailed(Deployment caller, WebRequest origin, WebRequest call, String target, HandlerFailedException failure) {
        String detail = failure.detail() == null ? "(no detail)" : failure.detail();
        LOG.warning("RPC " + caller.label() + " → " + target + " " + call.summary() + " failed: 502 target_failed"
                + (origin != null ? "; the caller was handling " + origin.summary() : "") + "\n" + detail);
        if (!dev) return failed(target);
        return RpcError.of(502, "target_failed", target + " failed to handle the request: " + firstLine(detail), detail);
    }

    private static String firstLine(String text) {
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol);
    }

    /**
     * Whether a header name is (or could be taken by a server or framework for) one of the platform's
     * {@code x-w7s-rpc*} headers: any case, surrounding whitespace, {@code _} for {@code -}. Such headers
     * never reach an app from outside or from a caller; only the platform sets them.
     */
    public static boolean isIdentityHeader(String name) {
        return name.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-').startsWith("x-w7s-rpc");
    }

    /** The caller's headers minus its token and any x-w7s-rpc* it tried to set, plus the platform's identity headers. */
    static Headers identityHeaders(Headers callerHeaders, Deployment caller) {
        return callerHeaders
                .without(name -> name.equals("authorization") || isIdentityHeader(name))
                .toBuilder()
                .add("x-w7s-rpc", "1")
                .add("x-w7s-rpc-caller-owner", caller.owner())
                .add("x-w7s-rpc-caller-repo", caller.repo())
                .add("x-w7s-rpc-caller-repository", caller.repository())
                .add("x-w7s-rpc-caller-environment", caller.environment())
                .build();
    }

    private static WebResponse failed(String target) {
        return RpcError.of(502, "target_failed", target + " failed to handle the request (see its log)");
    }

    /** An outbound fetch, observed: counted for the caller, and a client span carrying {@code traceparent} when tracing. */
    @Override
    public CompletableFuture<OutboundFetch.Result> fetch(String caller, WebRequest request, String redirect, WebRequest origin) {
        Exchange exchange = telemetry.fetch(caller, request, origin != null ? origin.correlation() : null);
        CompletableFuture<OutboundFetch.Result> result = OutboundFetch.shared().fetch(exchange.request(), redirect);
        result.whenComplete((r, e) -> exchange.end(r != null ? r.response().status() : 0));
        return result;
    }

    @Override
    public long timeoutMillis() {
        return timeout.toMillis();
    }

    @Override
    public WebResponse timedOut(WebRequest request) {
        RpcAddress address = RpcAddress.parse(request.url());
        String target = address == null ? "the target" : address.repository();
        return RpcError.of(504, "target_timeout", target + " did not respond within " + timeout.toMillis() + " ms");
    }

    private static CompletableFuture<WebResponse> done(int status, String code, String message) {
        return CompletableFuture.completedFuture(RpcError.of(status, code, message));
    }
}
