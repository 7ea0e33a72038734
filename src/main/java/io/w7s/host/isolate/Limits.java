package io.w7s.host.isolate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one deployment may use. The host has defaults and maximums; a deployment's {@code w7s.json}
 * {@code limits} may choose other values up to the maximums. The same limits apply everywhere the
 * host runs — a laptop and production alike.
 *
 * @param cpuPerRequest  JavaScript CPU time one request may use (measured on the isolate's thread,
 *                       counting every task run on its behalf), then it is interrupted: 503 {@code cpu_limit}
 * @param wallPerRequest how long a request may wait for its response, then 504 {@code wall_time_limit}
 *                       and its work is cancelled
 * @param memoryBytes    heap each of the deployment's isolates may retain, then that isolate is replaced: 503 {@code memory_limit}
 * @param subrequests    outgoing requests (fetch + RPC) one incoming request may make
 */
public record Limits(Duration cpuPerRequest, Duration wallPerRequest, long memoryBytes, int subrequests) {
    public static final long MIB = 1024 * 1024;
    /** Cold code runs interpreted and needs far more CPU than warm code, so the default is generous (as Supabase's). */
    public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(2), Duration.ofSeconds(30), 128 * MIB, 1000);
    public static final Limits MAXIMUMS = new Limits(Duration.ofSeconds(30), Duration.ofMinutes(15), 1024 * MIB, 10_000);

    /** The names of the limits in {@code w7s.json} {@code limits} and in {@code --limit NAME=VALUE}. */
    public static final List<String> NAMES = List.of("cpu_ms", "wall_ms", "memory_mb", "subrequests");

    /** These limits with some replaced by name; each value must be positive and within {@code max}. */
    public Limits with(Map<String, Long> values, Limits max) {
        Limits l = this;
        for (var e : values.entrySet()) {
            long v = e.getValue();
            long most = max.get(e.getKey());
            if (v <= 0) throw new IllegalArgumentException(e.getKey() + ": must be above 0, got " + v);
            if (v > most) throw new IllegalArgumentException(e.getKey() + ": " + v + " is over the host's maximum of " + most);
            l = switch (e.getKey()) {
                case "cpu_ms" -> new Limits(Duration.ofMillis(v), l.wallPerRequest, l.memoryBytes, l.subrequests);
                case "wall_ms" -> new Limits(l.cpuPerRequest, Duration.ofMillis(v), l.memoryBytes, l.subrequests);
                case "memory_mb" -> new Limits(l.cpuPerRequest, l.wallPerRequest, v * MIB, l.subrequests);
                case "subrequests" -> new Limits(l.cpuPerRequest, l.wallPerRequest, l.memoryBytes, (int) v);
                default -> throw new IllegalArgumentException(e.getKey() + ": unknown limit; known are " + String.join(", ", NAMES));
            };
        }
        return l;
    }

    /** The value of limit {@code name} in the unit its name says. */
    public long get(String name) {
        return switch (name) {
            case "cpu_ms" -> cpuPerRequest.toMillis();
            case "wall_ms" -> wallPerRequest.toMillis();
            case "memory_mb" -> memoryBytes / MIB;
            case "subrequests" -> subrequests;
            default -> throw new IllegalArgumentException(name + ": unknown limit; known are " + String.join(", ", NAMES));
        };
    }

    /** One line for the start-up log and the README's table. */
    public String describe() {
        return "cpu " + cpuPerRequest.toMillis() + " ms/request, wall " + wallPerRequest.toSeconds() + " s/request, memory "
                + memoryBytes / MIB + " MiB/isolate, " + subrequests + " subrequests/request";
    }
}
