package io.w7s.host.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The URL micro-benchmark inside a real GraalJS isolate (runs only when asked):
 * <pre>
 *   node runtime/bench/url-bench.mjs --write /tmp     # also prints the Node numbers
 *   mvn -q -B test -Dtest=UrlBenchTest -Dw7s.urlBench=/tmp/url-bench.js -Dw7s.shared=...
 * </pre>
 * The script holds the runtime at a baseline revision ("before") and the working tree ("after").
 */
class UrlBenchTest {

    @Test
    @EnabledIfSystemProperty(named = "w7s.urlBench", matches = ".+")
    void urlBenchmark() throws IOException {
        String script = Files.readString(Path.of(System.getProperty("w7s.urlBench")));
        try (WebContext cx = new WebContext()) {
            System.out.println("GraalJS isolate, baseline vs working tree\n" + cx.eval(script).asString());
        }
    }
}
