package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.support.TestHost;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Broken apps are refused at deploy time with file:line:col in the original source; the host keeps running. */
class DeployErrorTest {
    static final Path BROKEN = Path.of("src/test/broken/test").toAbsolutePath();
    static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(List.of(
                new AppSource(BROKEN.resolve("ts-syntax"), "production", null),
                new AppSource(BROKEN.resolve("missing-import"), "production", null),
                new AppSource(BROKEN.resolve("no-fetch"), "production", null),
                new AppSource(BROKEN.resolve("throws-at-load"), "production", null),
                new AppSource(BROKEN.resolve("limits-over-max"), "production", null),
                new AppSource(TestHost.TEST_APPS.resolve("test/other"), "production", null)));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    String errorFor(String repo) {
        return host.host().deployErrors().stream().filter(e -> e.startsWith("test/" + repo + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no deploy error for " + repo + ": " + host.host().deployErrors()));
    }

    @Test
    void typeScriptSyntaxErrorNamesTheOriginalLine() {
        String e = errorFor("ts-syntax");
        assertTrue(e.contains("src/index.ts:9:"), e);
    }

    @Test
    void missingImportNamesTheImportingFileAndLine() {
        String e = errorFor("missing-import");
        assertTrue(e.contains("src/index.ts:3:"), e);
        assertTrue(e.contains("./does-not-exist"), e);
    }

    @Test
    void entryWithoutFetchIsRefused() {
        String e = errorFor("no-fetch");
        assertTrue(e.contains("index.js") && e.contains("fetch"), e);
    }

    @Test
    void entryThatThrowsWhileLoadingNamesTheOriginalLine() {
        String e = errorFor("throws-at-load");
        assertTrue(e.contains("config missing at load time"), e);
        assertTrue(e.contains("src/index.ts:6:"), e);
    }

    @Test
    void limitsOverTheHostMaximumAreRefused() {
        String e = host.host().deployErrors().stream().filter(m -> m.contains("limits-over-max")).findFirst().orElseThrow();
        assertTrue(e.endsWith("w7s.json: limits.cpu_ms: 999999 is over the host's maximum of 30000"), e);
    }

    @Test
    void theOtherAppsStillRun() {
        assertEquals(5, host.host().deployErrors().size(), host.host().deployErrors().toString());
        assertEquals("other", host.get("other.test.localhost", "/").body());
        assertEquals(404, host.get("ts-syntax.test.localhost", "/").statusCode());
    }
}
