package io.w7s.host.isolate;

/**
 * The app's fetch handler threw, rejected or returned something that is not a Response.
 * The details are already in the app's log; callers decide what the client sees (500 publicly,
 * 502 to an RPC caller, with {@link #detail()} only in development).
 */
public final class HandlerFailedException extends RuntimeException {
    private final String detail;

    public HandlerFailedException(String label) {
        this(label, null);
    }

    /** @param detail what went wrong, as the app's log shows it (source-mapped stack, secrets hidden), or null */
    public HandlerFailedException(String label, String detail) {
        super("the fetch handler of " + label + " failed", null, false, false);
        this.detail = detail;
    }

    /** What went wrong, as the app's log shows it, or null. */
    public String detail() {
        return detail;
    }
}
