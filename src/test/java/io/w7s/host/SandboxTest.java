package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.support.TestHost;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What app code cannot reach: Java, the polyglot API, the host's bridge object, the process, files
 * outside its module graph; and what one app does to its builtins and globals stays in its own context.
 */
class SandboxTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path APPS = Path.of("src/test/sandbox").toAbsolutePath();
    static TestHost host;

    @BeforeAll
    static void start() {
        host = TestHost.start(List.of(new AppSource(APPS, "production", null)));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void everyEscapeIsBlocked() throws Exception {
        JsonNode results = JSON.readTree(host.get("probe.sandbox.localhost", "/").body());
        results.fields().forEachRemaining(e -> assertEquals("blocked", e.getValue().asText(), e.getKey()));
        assertEquals(12, results.size());
    }

    @Test
    void changesToSharedBuiltinsAndGlobalsStayInTheirOwnApp() throws Exception {
        assertEquals("polluted", host.get("probe.sandbox.localhost", "/pollute").body());
        JsonNode victim = JSON.readTree(host.get("victim.sandbox.localhost", "/").body());
        assertEquals("{\"polluted\":null,\"includes\":false,\"sharedSecret\":null,\"json\":{\"a\":1}}", victim.toString());
    }
}
