package io.w7s.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app {@code w7s init} creates type-checks with tsc (strict) against the shipped bindings, and the
 * check can fail: a wrong line is reported. tsc is pinned in src/test/tsc (installed by the Maven build).
 */
class TscCheckTest {
    static final Path TSC = Path.of("src/test/tsc/node_modules/typescript/bin/tsc").toAbsolutePath();

    record Result(int exitCode, String output) {
    }

    static Result tsc(Path app) throws IOException, InterruptedException {
        if (!Files.isRegularFile(TSC)) {
            throw new AssertionError(TSC + " is missing: run the Maven build (it runs src/test/tsc/install.mjs), or npm ci in src/test/tsc");
        }
        Process p = new ProcessBuilder("node", TSC.toString(), "-p", app.resolve("tsconfig.json").toString(), "--pretty", "false")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tsc did not finish within 120 s");
        }
        return new Result(p.exitValue(), output);
    }

    @Test
    void theCreatedAppTypeChecks(@TempDir Path tmp) throws Exception {
        Path app = tmp.resolve("acme/api");
        InitCommand.create(app, "acme/api");
        Result r = tsc(app);
        assertEquals(0, r.exitCode(), r.output());
    }

    @Test
    void aWrongLineFailsTheCheck(@TempDir Path tmp) throws Exception {
        Path app = tmp.resolve("acme/api");
        InitCommand.create(app, "acme/api");
        Files.writeString(app.resolve("src/wrong.ts"), """
                export function wrong(env: Env): number {
                  return env.W7S_REPOSITORY; // a string is not a number
                }
                export const missing = (env: Env) => env.W7S_RPC.post("/x"); // Fetcher has no post
                """);
        Result r = tsc(app);
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("src/wrong.ts(2,3): error TS2322"), r.output());
        assertTrue(r.output().contains("src/wrong.ts(4,50): error TS2339"), r.output());
    }
}
