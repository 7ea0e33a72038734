package io.w7s.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.isolate.Limits;
import io.w7s.host.support.CapturedLog;
import io.w7s.host.support.CliProcess;
import io.w7s.host.support.TestHost;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The host always stops within its grace period, even while an app is stuck in an endless loop that
 * its CPU limit (set high here) has not stopped yet: in process ({@link Host#close()}) and as a
 * real process receiving SIGTERM.
 */
class ShutdownTest {
    static final Path SLEEPY = Path.of("src/test/limits/limits/sleepy").toAbsolutePath();
    /** A bound for a failing test, never a measure of speed. */
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void closeReturnsWhileAnAppLoopsForever() throws Exception {
        try (CapturedLog log = CapturedLog.attach("w7s.app")) {
            TestHost host = TestHost.start(HostConfig.of(List.of(new AppSource(SLEEPY, "production", null)))
                    .withLimits(Limits.DEFAULTS.with(Map.of("cpu_ms", 30_000L), Limits.MAXIMUMS))
                    .withShutdownGrace(Duration.ofSeconds(1)));
            CompletableFuture<HttpResponse<String>> looping = host.client().sendAsync(
                    host.request("sleepy.limits.localhost", "/loop").build(), HttpResponse.BodyHandlers.ofString());
            log.await(line -> line.contains("looping now"));
            assertTimeoutPreemptively(PATIENCE, host::close, "the host did not stop");
            assertTimeoutPreemptively(PATIENCE, () -> looping.handle((r, e) -> null).join(), "the client was left hanging");
            assertFalse(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.isAlive() && t.getName().equals("isolate limits/sleepy@production")), "the isolate's thread still runs");
        }
    }

    @Test
    void sigtermStopsTheProcessWhileAnAppLoopsForever() throws Exception {
        stop(SLEEPY, "/loop", "looping now", "1", 1);
    }

    /**
     * Work that never ends (a waitUntil that never settles) and a grace period of an hour: only the
     * second signal can end the host within the test's patience.
     */
    @Test
    void aSecondSigtermExitsAtOnce() throws Exception {
        stop(SLEEPY.resolveSibling("hog"), "/wait-forever", "waiting forever now", "3600", 2);
    }

    /**
     * The listener opens before the engine is built; an engine that cannot start (here: an unknown
     * engine option) must end the process with the reason, not leave a listener answering 503 forever.
     */
    @Test
    void anEngineThatCannotStartEndsTheProcessWithTheReason() throws Exception {
        Process process = launch(SLEEPY, "3600", "-Dpolyglot.engine.NoSuchOption=true");
        try {
            assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the host did not exit");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, process.exitValue(), output);
            assertTrue(output.contains("w7s serve: the JavaScript engine did not start: ") && output.contains("NoSuchOption"), output);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Starts {@code w7s serve app} in a new JVM with this one's JIT flags and {@code jvmOptions}. */
    private static Process launch(Path app, String graceSeconds, String... jvmOptions) throws java.io.IOException {
        return new ProcessBuilder(CliProcess.command(List.of(jvmOptions), "serve", app.toString(),
                "--port", "0", "--limit", "cpu_ms=30000", "--shutdown-grace", graceSeconds,
                "--no-compile-cache")) // tests never write into the user's cache folder
                .redirectErrorStream(true).start();
    }

    private static void stop(Path app, String path, String logLine, String graceSeconds, int signals) throws Exception {
        try (CliProcess cli = CliProcess.start(List.of(), "serve", app.toString(), "--port", "0", "--limit", "cpu_ms=30000",
                "--shutdown-grace", graceSeconds, "--no-compile-cache")) { // tests never write into the user's cache folder
            Process process = cli.process();
            int port = cli.awaitListening();
            HttpClient client = HttpClient.newHttpClient();
            client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Host", app.getFileName() + ".limits.localhost").build(), HttpResponse.BodyHandlers.discarding());
            cli.awaitLine(l -> l.contains(logLine));
            process.destroy(); // SIGTERM
            if (signals == 2) {
                awaitThread(process.pid(), "w7s-shutdown"); // the first signal is being handled
                process.destroy();
            }
            assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "SIGTERM did not stop the host");
        }
    }

    /** Waits until the process has a thread of this name (Linux: /proc/PID/task/TID/comm). */
    private static void awaitThread(long pid, String name) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try (var tasks = java.nio.file.Files.list(Path.of("/proc/" + pid + "/task"))) {
                if (tasks.anyMatch(t -> {
                    try {
                        return java.nio.file.Files.readString(t.resolve("comm")).strip().equals(name);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                })) return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // polling /proc, not timing anything
        }
        throw new AssertionError("the process never started thread " + name);
    }
}
