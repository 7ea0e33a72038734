package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    @Test
    void logFormatIsTextByDefaultOrJsonAndABadValueNamesTheOptionAndItsValues() throws Exception {
        assertEquals(LogOutput.Format.TEXT, ServeArgs.options(List.of("apps"), false).logFormat());
        assertEquals(LogOutput.Format.JSON, ServeArgs.options(List.of("apps", "--log-format", "json"), false).logFormat());
        assertEquals(LogOutput.Format.TEXT, ServeArgs.options(List.of("--log-format", "text", "apps"), true).logFormat());
        assertEquals("--log-format: 'xml' is not one of text, json", assertThrows(ServeArgs.UsageException.class,
                () -> ServeArgs.options(List.of("apps", "--log-format", "xml"), false)).getMessage());
        assertEquals("--log-format needs a value", assertThrows(ServeArgs.UsageException.class,
                () -> ServeArgs.options(List.of("apps", "--log-format"), false)).getMessage());
        assertTrue(ServeArgs.USAGE.contains("--log-format F") && ServeArgs.USAGE.contains("--access-log"), ServeArgs.USAGE);
    }

    @Test
    void theAccessLogIsOnInDevAndWithAccessLogInServe() throws Exception {
        assertFalse(ServeArgs.parse(List.of("apps")).accessLog(), "serve: off by default");
        assertTrue(ServeArgs.parse(List.of("apps", "--access-log")).accessLog());
        HostConfig dev = ServeArgs.options(List.of("apps"), true).config();
        assertTrue(dev.dev() && dev.accessLog(), "dev: on by default");
        HostConfig quiet = ServeArgs.options(List.of("apps", "--no-access-log"), true).config();
        assertTrue(quiet.dev() && !quiet.accessLog(), "dev without its access log is still dev");
        assertFalse(ServeArgs.options(List.of("apps"), false).config().dev());
        assertTrue(assertThrows(ServeArgs.UsageException.class, () -> ServeArgs.parse(List.of("a", "--access-log", "--no-access-log")))
                .getMessage().contains("contradict"));
        assertFalse(HostConfig.of(List.of()).accessLog(), "hosts built in code: off");
        assertTrue(HostConfig.of(List.of()).withDev(true).accessLog(), "development mode comes with its access log");
    }
}
