package io.w7s.host.isolate;

/** A request reached an isolate that has been closed (redeployed, or its context died). */
public final class IsolateClosedException extends RuntimeException {
    public IsolateClosedException(String label) {
        super("isolate " + label + " is closed");
    }
}
