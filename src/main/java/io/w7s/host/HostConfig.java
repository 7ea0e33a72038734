package io.w7s.host;

import io.w7s.host.ingress.EdgeLimits;
import java.time.Duration;
import java.util.List;

/**
 * How to run the host.
 *
 * @param port         public HTTP port (0 picks a free one)
 * @param domain       public domain: apps are served at {@code <repo>.<owner>.<domain>}
 * @param maxBodyBytes largest request body accepted from the public side (413 above it)
 * @param rpcTimeout   how long an RPC caller waits for the target (504 target_timeout after it)
 * @param edge         limits of the public HTTP edge (header size and count, request-head timeout)
 */
public record HostConfig(int port, String domain, long maxBodyBytes, List<AppSource> apps, Duration rpcTimeout,
                         EdgeLimits edge) {
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DOMAIN = "localhost";
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(30);

    public HostConfig(int port, String domain, long maxBodyBytes, List<AppSource> apps) {
        this(port, domain, maxBodyBytes, apps, DEFAULT_RPC_TIMEOUT);
    }

    public HostConfig(int port, String domain, long maxBodyBytes, List<AppSource> apps, Duration rpcTimeout) {
        this(port, domain, maxBodyBytes, apps, rpcTimeout, EdgeLimits.DEFAULTS);
    }

    public static HostConfig of(List<AppSource> apps) {
        return new HostConfig(DEFAULT_PORT, DEFAULT_DOMAIN, DEFAULT_MAX_BODY_BYTES, apps);
    }

    public HostConfig withPort(int port) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, edge);
    }

    public HostConfig withMaxBodyBytes(long bytes) {
        return new HostConfig(port, domain, bytes, apps, rpcTimeout, edge);
    }

    public HostConfig withRpcTimeout(Duration timeout) {
        return new HostConfig(port, domain, maxBodyBytes, apps, timeout, edge);
    }

    public HostConfig withEdge(EdgeLimits limits) {
        return new HostConfig(port, domain, maxBodyBytes, apps, rpcTimeout, limits);
    }
}
