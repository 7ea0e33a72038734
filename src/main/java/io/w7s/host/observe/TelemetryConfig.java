package io.w7s.host.observe;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What to observe.
 *
 * @param metrics whether traffic is counted for {@code /metrics} and the dashboard (on by default)
 * @param otel    OpenTelemetry SDK properties ({@code otel.*}, as the SDK's autoconfiguration reads them); tracing is
 *                on when they name a traces exporter or an OTLP endpoint, off otherwise
 */
public record TelemetryConfig(boolean metrics, Map<String, String> otel) {
    public static final TelemetryConfig OFF = new TelemetryConfig(false, Map.of());
    /** Metrics on, tracing off: what tests get unless they ask for more. */
    public static final TelemetryConfig METRICS = new TelemetryConfig(true, Map.of());

    public TelemetryConfig {
        otel = Map.copyOf(otel);
    }

    /** Metrics on; tracing as this process's {@code OTEL_*} variables and {@code otel.*} system properties say. */
    public static TelemetryConfig fromProcess() {
        Map<String, String> otel = new HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("OTEL_")) otel.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v);
        });
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith("otel.")) otel.put(key, String.valueOf(v));
        });
        return new TelemetryConfig(true, otel);
    }

    public TelemetryConfig withOtel(Map<String, String> properties) {
        return new TelemetryConfig(metrics, properties);
    }

    /** Tracing is opt-in: on when an exporter or endpoint is named and the SDK is not disabled. */
    public boolean tracing() {
        if ("true".equalsIgnoreCase(otel.get("otel.sdk.disabled"))) return false;
        String exporter = otel.get("otel.traces.exporter");
        if (exporter != null) return !exporter.isBlank() && !exporter.equalsIgnoreCase("none");
        return otel.containsKey("otel.exporter.otlp.endpoint") || otel.containsKey("otel.exporter.otlp.traces.endpoint");
    }
}
