package io.w7s.host.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code w7s} command line in a new JVM (this one's JIT flags), its output read line by line;
 * tests wait for the lines they expect (events, not time).
 */
public final class CliProcess implements AutoCloseable {
    /** A bound for a failing test, never a measure of speed. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private CliProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
    }

    /** Starts {@code w7s <args>} with extra {@code jvmOptions} (stdout and stderr together). */
    public static CliProcess start(List<String> jvmOptions, String... args) throws java.io.IOException {
        return new CliProcess(new ProcessBuilder(command(jvmOptions, args)).redirectErrorStream(true).start());
    }

    /** Same, on the GraalVM debugging line with the Chrome inspector, as {@code ./w7s} runs it for {@code --inspect}. */
    public static CliProcess startOnInspectorLine(String... args) throws java.io.IOException {
        return new CliProcess(new ProcessBuilder(command(List.of(), true, args)).redirectErrorStream(true).start());
    }

    /**
     * The {@code ./w7s} launcher itself on the built checkout ({@code W7S_NO_BUILD=1}: it runs what {@code target/}
     * holds), with {@code env} added to this process's environment.
     */
    public static CliProcess startLauncher(java.util.Map<String, String> env, String... args) throws java.io.IOException {
        return startLauncher(Path.of("w7s"), env, args);
    }

    /** Same, with the launcher at {@code launcher} (a copy beside a {@code target/} of its own). */
    public static CliProcess startLauncher(Path launcher, java.util.Map<String, String> env, String... args) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("W7S_NO_BUILD", "1");
        builder.environment().putAll(env);
        return new CliProcess(builder.start());
    }

    /** What the process has printed so far, the lines the awaits passed over included. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    /** The java command line of {@code w7s <args>}: this JVM's JIT flags, classpath and {@code jvmOptions}. */
    public static List<String> command(List<String> jvmOptions, String... args) {
        return command(jvmOptions, false, args);
    }

    private static List<String> command(List<String> jvmOptions, boolean inspectorLine, String... args) {
        Path target = Path.of("target").toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--upgrade-module-path")) {
                command.add(inspectorLine ? "--upgrade-module-path=" + target.resolve("inspector/jvmci") : a);
            } else if (a.startsWith("-XX:") || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc")) {
                command.add(a);
            }
        }
        command.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path");
        if (inspectorLine) { // GraalVM's jars (Maven's repository layout: .../org/graalvm/...) swapped for the debugging line's
            List<String> entries = new ArrayList<>();
            for (String e : classPath.split(java.io.File.pathSeparator)) if (!e.contains("/org/graalvm/")) entries.add(e);
            entries.add(target.resolve("inspector/lib") + "/*");
            classPath = String.join(java.io.File.pathSeparator, entries);
        }
        command.addAll(List.of("-cp", classPath, "io.w7s.host.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    public Process process() {
        return process;
    }

    /** Waits for the next line that matches (lines before it are passed over). */
    public String awaitLine(Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                if (!process.isAlive() && lines.isEmpty()) break;
                continue;
            }
            seen.add(line);
            if (match.test(line)) return line;
        }
        throw new AssertionError("no such line from w7s; it printed:\n" + String.join("\n", seen));
    }

    /** Waits for a line that matches, among those already printed too (for lines whose order is not fixed). */
    public String awaitAny(Predicate<String> match) throws InterruptedException {
        for (String line : seen) if (match.test(line)) return line;
        return awaitLine(match);
    }

    /** The public port, from the {@code W7S host listening on port N} line. */
    public int awaitListening() throws InterruptedException {
        String listening = awaitLine(l -> l.startsWith("W7S host listening on port "));
        return Integer.parseInt(listening.substring("W7S host listening on port ".length()).trim());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
