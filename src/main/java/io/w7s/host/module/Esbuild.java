package io.w7s.host.module;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pinned esbuild executable (runtime/package-lock.json), which the build copies beside the JS runtime
 * on the class path ({@code w7s/esbuild/esbuild}); {@code -Dw7s.esbuild=PATH} names another one.
 */
final class Esbuild {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Path EXECUTABLE = locate();
    private static volatile String version;

    private Esbuild() {
    }

    /** Whether there is an executable to run (a host run from a jar or a trimmed image may have none). */
    static boolean available() {
        return EXECUTABLE != null;
    }

    /** The executable's version ("0.28.2"), read or asked once: part of every cache key of its output. */
    static String version() throws IOException {
        String known = version;
        Path file = EXECUTABLE.resolveSibling("version"); // written by the build beside the executable
        if (known == null && Files.isRegularFile(file)) {
            known = Files.readString(file, StandardCharsets.UTF_8).strip();
            version = known;
        }
        if (known == null) {
            Process process = new ProcessBuilder(EXECUTABLE.toString(), "--version").redirectErrorStream(true).start();
            known = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            try {
                if (process.waitFor() != 0) {
                    throw new IOException("esbuild --version failed: " + known);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking esbuild its version", e);
            }
            version = known;
        }
        return known;
    }

    /** Runs esbuild in {@code dir} with {@code args}; throws with its error output when it fails. */
    static void run(Path dir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(EXECUTABLE.toString());
        command.addAll(args);
        Path errors = Files.createTempFile(dir, "esbuild", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(errors.toFile()).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("esbuild did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while esbuild ran", e);
        }
        if (process.exitValue() != 0) {
            String output = Files.readString(errors, StandardCharsets.UTF_8).strip();
            throw new IOException("esbuild exited with " + process.exitValue() + ": "
                    + (output.length() > 2000 ? output.substring(0, 2000) + "…" : output));
        }
    }

    private static Path locate() {
        String configured = System.getProperty("w7s.esbuild");
        if (configured != null) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? path : null;
        }
        URL resource = Esbuild.class.getClassLoader().getResource("w7s/esbuild/esbuild");
        if (resource == null || !"file".equals(resource.getProtocol())) {
            return null;
        }
        try {
            Path path = Path.of(resource.toURI());
            return Files.isExecutable(path) ? path : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
