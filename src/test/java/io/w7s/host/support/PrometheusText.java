package io.w7s.host.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus text exposition read by Prometheus' own parser (the Python client's {@code prometheus_client.parser},
 * Debian package {@code python3-prometheus-client}; .ci/run installs it): a text it cannot parse fails the test.
 * Samples are keyed {@code name{label="value",...}} with the labels sorted.
 */
public final class PrometheusText {
    private static final String PARSER = """
            import sys, json
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    out.append([s.name, s.labels, s.value])
            print(json.dumps(out))
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PrometheusText() {
    }

    public static Map<String, Double> parse(String text) {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", PARSER).redirectErrorStream(false).start();
            try (var in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new AssertionError("Prometheus' parser refused the exposition: " + err);
            Map<String, Double> samples = new TreeMap<>();
            for (JsonNode s : JSON.readTree(out)) {
                Map<String, String> labels = new TreeMap<>();
                s.get(1).fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                samples.put(key(s.get(0).asText(), labels), s.get(2).asDouble());
            }
            return samples;
        } catch (IOException e) {
            throw new AssertionError("cannot run Prometheus' parser (/usr/bin/python3 with python3-prometheus-client): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code name{a="1",b="2"}} with the labels in name order, as {@link #parse} keys samples. */
    public static String key(String name, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(name).append('{');
        new TreeMap<>(labels).forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v).append('"'));
        return sb.append('}').toString();
    }
}
