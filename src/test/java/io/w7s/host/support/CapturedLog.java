package io.w7s.host.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what apps log (logger {@code w7s.app}) and what the host logs, for assertions. */
public final class CapturedLog extends Handler implements AutoCloseable {
    /**
     * How long to wait for a line that is expected: a bound for a failing test, never a measure of
     * speed (a busy machine must not fail a test that would pass on an idle one).
     */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final List<String> lines = new ArrayList<>();
    private final List<LogRecord> records = new ArrayList<>();
    private final List<Logger> loggers = new ArrayList<>();

    public static CapturedLog attach(String... loggerNames) {
        CapturedLog log = new CapturedLog();
        for (String name : loggerNames) {
            Logger l = Logger.getLogger(name);
            l.addHandler(log);
            log.loggers.add(l);
        }
        return log;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + record.getMessage());
        records.add(record);
        notifyAll();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The records themselves, to format them as the command line does. */
    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Waits up to {@link #PATIENCE} until a line matches. */
    public String await(Predicate<String> match) throws InterruptedException {
        return await(match, PATIENCE);
    }

    /** Waits until a line matches (logs from an isolate arrive on its own thread). */
    public synchronized String await(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : lines) if (match.test(line)) return line;
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new AssertionError("no log line matched within " + timeout + "; log was:\n" + String.join("\n", lines));
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        loggers.forEach(l -> l.removeHandler(this));
    }
}
