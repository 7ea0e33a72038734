package io.w7s.host.isolate;

/**
 * The app's fetch handler threw, rejected or returned something that is not a Response.
 * The details are already in the app's log; callers decide what the client sees (500 publicly).
 */
public final class HandlerFailedException extends RuntimeException {
    public HandlerFailedException(String label) {
        super("the fetch handler of " + label + " failed", null, false, false);
    }
}
