package io.w7s.host.ingress;

import java.time.Duration;

/**
 * Limits of the public HTTP/1.1 edge, enforced before a request reaches any app.
 *
 * @param maxRequestLineBytes longest request line ({@code GET /path?query HTTP/1.1}); longer gets 414
 * @param maxHeaderBytes      largest header section (all field lines together); larger gets 431
 * @param maxHeaderCount      most header field lines in one request; more gets 431
 * @param headTimeout         time allowed for a request head (request line and headers) to arrive, counted
 *                            from when the connection opened or the previous response was complete; then the
 *                            connection is closed (so it is also the keep-alive idle timeout)
 */
public record EdgeLimits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount, Duration headTimeout) {
    public static final EdgeLimits DEFAULTS = new EdgeLimits(8 * 1024, 32 * 1024, 100, Duration.ofSeconds(20));

    public EdgeLimits {
        if (maxRequestLineBytes < 64 || maxHeaderBytes < 256 || maxHeaderCount < 8) {
            throw new IllegalArgumentException("edge limits too small: " + maxRequestLineBytes + ", "
                    + maxHeaderBytes + ", " + maxHeaderCount);
        }
        if (headTimeout.isNegative() || headTimeout.isZero()) throw new IllegalArgumentException("head timeout must be positive");
    }

    public EdgeLimits withHeadTimeout(Duration timeout) {
        return new EdgeLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, timeout);
    }

    public EdgeLimits withHeaderLimits(int bytes, int count) {
        return new EdgeLimits(maxRequestLineBytes, bytes, count, headTimeout);
    }
}
