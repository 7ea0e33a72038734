package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeArgsTest {
    static Path abs(String p) {
        return Path.of(p).toAbsolutePath().normalize();
    }

    @Test
    void foldersBeforeEnvGoToProductionAndEnvAppliesToTheFoldersAfterIt() throws Exception {
        HostConfig c = ServeArgs.parse(List.of("apps", "more", "--env", "feature-x", "branch-apps", "--port", "9000", "--domain", "w7s.test"));
        assertEquals(List.of(
                new AppSource(abs("apps"), "production", null),
                new AppSource(abs("more"), "production", null),
                new AppSource(abs("branch-apps"), "feature-x", null)), c.apps());
        assertEquals(9000, c.port());
        assertEquals("w7s.test", c.domain());
        assertEquals(HostConfig.DEFAULT_MAX_BODY_BYTES, c.maxBodyBytes());
        assertEquals(Math.min(Runtime.getRuntime().availableProcessors(), 64), c.isolates(), "one isolate per core by default");
    }

    @Test
    void isolatesSetsHowManyIsolatesOneDeploymentMayRun() throws Exception {
        assertEquals(3, ServeArgs.parse(List.of("apps", "--isolates", "3")).isolates());
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--isolates", "0"))).getMessage()
                .contains("--isolates: '0' is not a number between 1 and 64"));
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--isolates", "65"))).getMessage()
                .contains("between 1 and 64"));
    }

    @Test
    void repoAppliesToTheNextFolderOnly() throws Exception {
        HostConfig c = ServeArgs.parse(List.of("--repo", "acme/api", "one", "two"));
        assertEquals("acme/api", c.apps().get(0).repository());
        assertNull(c.apps().get(1).repository());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of())).getMessage().contains("no app folder"));
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--port", "x"))).getMessage().contains("--port"));
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--env"))).getMessage().contains("--env needs a value"));
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--wat"))).getMessage().contains("unknown option --wat"));
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--repo", "o/r"))).getMessage().contains("--repo"));
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("--env", "bad name", "a"))).getMessage().contains("environment"));
    }

    @Test
    void theCompileCacheIsOnByDefaultAndCanBeMovedOrTurnedOff() throws Exception {
        assertEquals(io.w7s.host.module.CompileCache.defaultDir(), ServeArgs.parse(List.of("apps")).compileCache());
        assertEquals(abs("/tmp/w7s-cache"), ServeArgs.parse(List.of("apps", "--cache-dir", "/tmp/w7s-cache")).compileCache());
        assertNull(ServeArgs.parse(List.of("apps", "--no-compile-cache")).compileCache());
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--cache-dir", "d", "--no-compile-cache")))
                .getMessage().contains("contradict"));
        // Hosts built in code (tests) compile in memory only: they never write into the user's cache.
        assertNull(HostConfig.of(List.of()).compileCache());
    }

    @Test
    void inspectTurnsOnTheInspectorOnPort9229OrTheOneGiven() throws Exception {
        assertNull(ServeArgs.parse(List.of("apps")).inspector(), "no inspector unless asked: one shared engine");
        assertEquals(new io.w7s.host.isolate.Inspector(9229), ServeArgs.parse(List.of("apps", "--inspect")).inspector());
        assertEquals(new io.w7s.host.isolate.Inspector(9300), ServeArgs.parse(List.of("--inspect=9300", "apps")).inspector());
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--inspect=0"))).getMessage()
                .contains("--inspect: '0' is not a number between 1 and 65535"));
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--inspect=x"))).getMessage()
                .contains("--inspect"));
    }
}
