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
import org.junit.jupiter.api.Test;

/**
 * WPT {@code urlpattern/resources/urlpatterntestdata.json} against the global {@code URLPattern}
 * (lazy {@code urlpattern} bundle, urlpattern-polyfill) inside a real isolate, with the checks of
 * WPT's urlpattern harness ({@code src/test/resources/web/wpt-urlpattern.js}). The data lives in
 * {@code <w7s.shared>/data/wpt/url/}; a missing file fails the test.
 *
 * <p>Every case must pass, except those in {@link #KNOWN_FAILURES} (also in docs/web-platform.md).
 */
class WptUrlPatternTest {

    /** WPT case name → reason. Keep in sync with docs/web-platform.md. */
    static final Map<String, String> KNOWN_FAILURES = knownFailures();

    private static final String NAME_CODE_POINTS =
            "urlpattern-polyfill 10.1.0 lexes group names by UTF-16 code unit: a name with a character outside the BMP is not recognized (spec: code points)";
    private static final String PORT_LIKE_URL_SETTER =
            "urlpattern-polyfill 10.1.0 rejects a port with trailing non-digits instead of canonicalizing it like the URL port setter (spec change, whatwg/urlpattern#239)";
    private static final String HOSTNAME_LIKE_URL_SETTER =
            "urlpattern-polyfill 10.1.0 rejects hostname patterns with forbidden code points instead of stripping tab/newline and cutting at / ? # \\ like the URL host setter (spec change)";
    private static final String REGEXP_V_FLAG =
            "urlpattern-polyfill 10.1.0 compiles regexp groups with the 'u' flag, the spec with 'v' (set notation -- and && is a syntax error under 'u')";

    private static Map<String, String> knownFailures() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("Pattern: [{\"pathname\":\":a\udb40\udd00b\"}] Inputs: []", NAME_CODE_POINTS);
        m.put("Pattern: [{\"pathname\":\"test/:a\ud801\udc50b\"}] Inputs: [{\"pathname\":\"test/foo\"}]", NAME_CODE_POINTS);
        m.put("Pattern: [{\"pathname\":\"/:\ud840\udc00\"}] Inputs: [{\"pathname\":\"/foo\"}]", NAME_CODE_POINTS);
        m.put("Pattern: [{\"protocol\":\"http\",\"port\":\"80 \"}] Inputs: [{\"protocol\":\"http\",\"port\":\"80\"}]", PORT_LIKE_URL_SETTER);
        m.put("Pattern: [{\"port\":\"80\"}] Inputs: [{\"port\":\"8\\t0\"}]", PORT_LIKE_URL_SETTER);
        m.put("Pattern: [{\"port\":\"80\"}] Inputs: [{\"port\":\"80x\"}]", PORT_LIKE_URL_SETTER);
        m.put("Pattern: [{\"port\":\"80\"}] Inputs: [{\"port\":\"80?x\"}]", PORT_LIKE_URL_SETTER);
        m.put("Pattern: [{\"port\":\"80\"}] Inputs: [{\"port\":\"80\\\\x\"}]", PORT_LIKE_URL_SETTER);
        m.put("Pattern: [\"https://{sub.}?example{.com/}foo\"] Inputs: [\"https://example.com/foo\"]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"hostname\":\"bad#hostname\"}] Inputs: [{\"hostname\":\"bad\"}]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"hostname\":\"bad/hostname\"}] Inputs: [{\"hostname\":\"bad\"}]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"hostname\":\"bad\\\\\\\\hostname\"}] Inputs: [{\"hostname\":\"badhostname\"}]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"hostname\":\"bad\\nhostname\"}] Inputs: [{\"hostname\":\"badhostname\"}]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"hostname\":\"bad\\rhostname\"}] Inputs: [{\"hostname\":\"badhostname\"}]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"hostname\":\"bad\\thostname\"}] Inputs: [{\"hostname\":\"badhostname\"}]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"protocol\":\"http\",\"hostname\":\"example.com/ignoredpath\"}] Inputs: [\"http://example.com/\"]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"protocol\":\"http\",\"hostname\":\"example.com\\\\?ignoredsearch\"}] Inputs: [\"http://example.com/\"]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"protocol\":\"http\",\"hostname\":\"example.com#ignoredhash\"}] Inputs: [\"http://example.com/\"]", HOSTNAME_LIKE_URL_SETTER);
        m.put("Pattern: [{\"pathname\":\"/([[a-z]--a])\"}] Inputs: [{\"pathname\":\"/a\"}]", REGEXP_V_FLAG);
        m.put("Pattern: [{\"pathname\":\"/([[a-z]--a])\"}] Inputs: [{\"pathname\":\"/z\"}]", REGEXP_V_FLAG);
        m.put("Pattern: [{\"pathname\":\"/([\\\\d&&[0-1]])\"}] Inputs: [{\"pathname\":\"/0\"}]", REGEXP_V_FLAG);
        m.put("Pattern: [{\"pathname\":\"/([\\\\d&&[0-1]])\"}] Inputs: [{\"pathname\":\"/3\"}]", REGEXP_V_FLAG);
        return Map.copyOf(m);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void urlpatterntestdata() throws IOException {
        Path path = WptUrlTest.wptUrlDir().resolve("urlpatterntestdata.json");
        if (!Files.isRegularFile(path)) {
            fail("WPT data file " + path + " is missing: copy web-platform-tests urlpattern/resources/urlpatterntestdata.json"
                    + " there, or point -Dw7s.shared at the shared/ folder that has data/wpt/url/");
        }
        String json = Files.readString(path, StandardCharsets.UTF_8);
        JsonNode result;
        try (WebContext cx = new WebContext()) {
            cx.evalResource("web/wpt-urlpattern.js");
            result = JSON.readTree(cx.evalJson("__wptUrlPattern(" + json + ")"));
        }
        int total = result.get("total").asInt();
        JsonNode failures = result.get("failures");
        List<String> unexpected = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        for (JsonNode f : failures) {
            String name = f.get(0).asText();
            if (KNOWN_FAILURES.containsKey(name)) known.add(name);
            else unexpected.add(name + ": " + f.get(1).asText());
        }
        Set<String> stale = new TreeSet<>(KNOWN_FAILURES.keySet());
        stale.removeAll(known);
        System.out.printf("WPT urlpattern/urlpatterntestdata.json: %d/%d passed, %d known failures, %d unexpected failures%n",
                total - failures.size(), total, known.size(), unexpected.size());
        assertTrue(total > 300, "urlpatterntestdata.json had only " + total + " cases");
        if (!unexpected.isEmpty()) {
            fail(unexpected.size() + " unexpected WPT URLPattern failures:\n  "
                    + String.join("\n  ", unexpected.subList(0, Math.min(60, unexpected.size()))));
        }
        assertTrue(stale.isEmpty(), "known failures that now pass (remove them from the list and the docs): " + stale);
    }
}
