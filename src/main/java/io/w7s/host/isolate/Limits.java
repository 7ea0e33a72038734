package io.w7s.host.isolate;

import java.time.Duration;

/**
 * What one deployment may use. The host has defaults and maximums; a deployment's {@code w7s.json}
 * {@code limits} may choose other values up to the maximums. The same limits apply everywhere the
 * host runs — a laptop and production alike.
 *
 * @param cpuPerRequest  JavaScript CPU time one request may use (measured on the isolate's thread,
 *                       counting every task run on its behalf), then it is interrupted: 503 {@code cpu_limit}
 * @param wallPerRequest how long a request may wait for its response, then 504 {@code wall_time_limit}
 *                       and its work is cancelled
 * @param memoryBytes    heap the deployment's isolate may retain, then the isolate is replaced: 503 {@code memory_limit}
 * @param subrequests    outgoing requests (fetch + RPC) one incoming request may make
 */
public record Limits(Duration cpuPerRequest, Duration wallPerRequest, long memoryBytes, int subrequests) {
    public static final long MIB = 1024 * 1024;
    /** Cold code runs interpreted and needs far more CPU than warm code, so the default is generous (as Supabase's). */
    public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(2), Duration.ofSeconds(30), 128 * MIB, 1000);
    public static final Limits MAXIMUMS = new Limits(Duration.ofSeconds(30), Duration.ofMinutes(15), 1024 * MIB, 10_000);

    /** One line for the start-up log and the README's table. */
    public String describe() {
        return "cpu " + cpuPerRequest.toMillis() + " ms/request, wall " + wallPerRequest.toSeconds() + " s/request, memory "
                + memoryBytes / MIB + " MiB/deployment, " + subrequests + " subrequests/request";
    }
}
