package io.w7s.host.web;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web-platform-tests URL data files, run against the runtime's global {@code URL} /
 * {@code URLSearchParams} inside a GraalJS context. The data lives in shared/ beside the clone
 * ({@code -Dw7s.shared=...}, default {@code ../shared}); a missing file fails the test.
 *
 * <p>Every case must pass, except those listed in {@link #KNOWN_FAILURES} (also documented in
 * docs/web-platform.md with the reason).
 */
class WptUrlTest {

    /** Case description → reason. Keep in sync with docs/web-platform.md. */
    static final Map<String, String> KNOWN_FAILURES = Map.of();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WebContext cx;
    /** With the test bootstrap, which exposes the URL fast path and the full parser. */
    private static WebContext internals;

    @BeforeAll
    static void start() {
        cx = new WebContext();
        cx.evalResource("web/wpt-url.js");
        internals = new WebContext("w7s/runtime-test/main-with-internals.js");
        internals.evalResource("web/wpt-url.js");
    }

    @AfterAll
    static void stop() {
        cx.close();
        internals.close();
    }

    @Test
    void urltestdata() { run("urltestdata.json", "urltestdata"); }

    @Test
    void setters() { run("setters_tests.json", "setters"); }

    @Test
    void toascii() { run("toascii.json", "toascii"); }

    @Test
    void percentEncoding() { run("percent-encoding.json", "percentEncoding"); }

    @Test
    void urlencodedParser() { run("urlencoded-parser-data.json", "urlencoded"); }

    /** Every urltestdata input (and some extra canonical-looking ones) the fast path accepts parses to basicURLParse's record. */
    @Test
    void fastPathAgreesWithTheFullParser() { run(internals, "urltestdata.json", "fastPath"); }

    static Path wptUrlDir() {
        String shared = System.getProperty("w7s.shared", "../shared");
        return Path.of(shared).toAbsolutePath().normalize().resolve("data/wpt/url");
    }

    private static void run(String file, String runner) {
        run(cx, file, runner);
    }

    private static void run(WebContext cx, String file, String runner) {
        Path path = wptUrlDir().resolve(file);
        if (!Files.isRegularFile(path)) {
            fail("WPT data file " + path + " is missing: copy web-platform-tests url/resources/" + file
                    + " there, or point -Dw7s.shared at the shared/ folder that has data/wpt/url/");
        }
        String json;
        try {
            json = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
        JsonNode result;
        try {
            result = JSON.readTree(cx.evalJson("__wpt[" + JSON.writeValueAsString(runner) + "](" + json + ")"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        int total = result.get("total").asInt();
        JsonNode failures = result.get("failures");
        List<String> unexpected = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        for (int i = 0; i < failures.size(); i++) {
            String f = failures.get(i).asText();
            String key = f.substring(0, Math.max(0, f.indexOf(": ")));
            if (KNOWN_FAILURES.containsKey(key)) known.add(key);
            else unexpected.add(f);
        }
        int passed = total - failures.size();
        System.out.printf("WPT url/%s (%s): %d/%d passed, %d known failures, %d unexpected failures%s%n",
                file, runner, passed, total, known.size(), unexpected.size(),
                result.has("claimed") ? ", fast path took " + result.get("claimed").asInt() : "");
        assertTrue(total > 0, file + " had no cases");
        if (!unexpected.isEmpty()) {
            fail(unexpected.size() + " unexpected WPT failures in " + file + ":\n  "
                    + String.join("\n  ", unexpected.subList(0, Math.min(40, unexpected.size()))));
        }
    }
}
