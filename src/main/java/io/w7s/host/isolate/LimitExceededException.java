package io.w7s.host.isolate;

/**
 * A request was stopped because its deployment went over one of its {@link Limits}. Callers answer
 * with {@link #status()} and the platform's JSON error {@link #code()}.
 */
public final class LimitExceededException extends RuntimeException {
    /** Which limit: its HTTP status and error code. */
    public enum Kind {
        CPU(503, "cpu_limit"),
        MEMORY(503, "memory_limit"),
        WALL_TIME(504, "wall_time_limit");

        final int status;
        final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }
    }

    private final Kind kind;

    public LimitExceededException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public int status() {
        return kind.status;
    }

    public String code() {
        return kind.code;
    }
}
