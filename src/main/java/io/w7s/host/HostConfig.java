package io.w7s.host;

import io.w7s.host.admin.AdminConfig;
import io.w7s.host.deploy.HostSecrets;
import io.w7s.host.deploy.IsolatePool;
import io.w7s.host.ingress.EdgeLimits;
import io.w7s.host.isolate.Inspector;
import io.w7s.host.isolate.Limits;
import io.w7s.host.manifest.ManifestConfig;
import io.w7s.host.observe.TelemetryConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run the host.
 *
 * @param port          public HTTP port (0 picks a free one)
 * @param domain        public domain: apps are served at {@code <repo>.<owner>.<domain>}
 * @param maxBodyBytes  largest request body accepted from the public side (413 above it)
 * @param rpcTimeout    how long an RPC caller waits for the target (504 target_timeout after it)
 * @param limits        the default limits of every deployment (w7s.json may choose others up to {@link Limits#MAXIMUMS})
 * @param shutdownGrace how long a stopping host lets requests in flight finish before it cancels them
 * @param edge          limits of the public HTTP edge (header size and count, request-head timeout)
 * @param compileCache  folder of the on-disk compile cache, kept between runs; null to compile in memory only
 *                      (the default here, so tests never write into the user's cache; the CLI turns it on)
 * @param isolates      how many isolates one deployment may run (w7s.json {@code "isolates"} may choose
 *                      another, up to {@link IsolatePool#MAX_ISOLATES}); default one per core
 * @param admin         the admin API's listener, or null for none (the default in code; the CLI turns it on)
 * @param dev           development mode ({@code w7s dev}): an RPC target's error details reach its caller;
 *                      {@link #withDev} turns the access log on too
 * @param secrets       the {@code W7S_SECRET_<OWNER>_<REPO>_<NAME>} variables of the host's environment; default this process's
 * @param inspector     where the Chrome DevTools inspector listens ({@code --inspect}), every deployment then on an
 *                      engine of its own with one isolate; null (the default) for no inspector and one shared engine
 * @param telemetry     metrics (on by default) and tracing (as this process's {@code OTEL_*} variables say)
 * @param manifest      a manifest to serve and converge on ({@code --manifest}), or null
 * @param accessLog     a log line per public request and per RPC call ({@link io.w7s.host.web.AccessLog}): on in
 *                      {@code w7s dev}, with {@code --access-log} in {@code w7s serve}; off by default in code
 */
public record HostConfig(int port, String domain, long maxBodyBytes, List<AppSource> apps, Duration rpcTimeout,
                         Limits limits, Duration shutdownGrace, EdgeLimits edge, Path compileCache, int isolates,
                         AdminConfig admin, boolean dev, HostSecrets secrets, Inspector inspector,
                         TelemetryConfig telemetry, ManifestConfig manifest, boolean accessLog) {
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DOMAIN = "localhost";
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

    public HostConfig(int port, String domain, long maxBodyBytes, List<AppSource> apps, Duration rpcTimeout) {
        this(port, domain, maxBodyBytes, apps, rpcTimeout, Limits.DEFAULTS, DEFAULT_SHUTDOWN_GRACE, EdgeLimits.DEFAULTS, null,
                IsolatePool.perCore(), null, false, HostSecrets.fromProcess(), null, TelemetryConfig.fromProcess(), null, false);
    }

    public HostConfig(int port, String domain, long maxBodyBytes, List<AppSource> apps) {
        this(port, domain, maxBodyBytes, apps, DEFAULT_RPC_TIMEOUT);
    }

    public static HostConfig of(List<AppSource> apps) {
        return new HostConfig(DEFAULT_PORT, DEFAULT_DOMAIN, DEFAULT_MAX_BODY_BYTES, apps);
    }

    public HostConfig withPort(int port) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withMaxBodyBytes(long bytes) {
        return new HostConfig(port, domain, bytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withRpcTimeout(Duration timeout) {
        return new HostConfig(port, domain, maxBodyBytes, apps, timeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withLimits(Limits limits) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withShutdownGrace(Duration grace) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, grace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withEdge(EdgeLimits edge) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withCompileCache(Path dir) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, dir, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withIsolates(int isolates) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withAdmin(AdminConfig admin) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    /** Development mode or not, with that mode's access log (on in development); {@link #withAccessLog} after this chooses otherwise. */
    public HostConfig withDev(boolean dev) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, dev);
    }

    public HostConfig withAccessLog(boolean accessLog) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withSecrets(HostSecrets secrets) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withInspector(Inspector inspector) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withTelemetry(TelemetryConfig telemetry) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }

    public HostConfig withManifest(ManifestConfig manifest) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits, shutdownGrace, edge, compileCache, isolates, admin, dev, secrets, inspector, telemetry, manifest, accessLog);
    }
}
