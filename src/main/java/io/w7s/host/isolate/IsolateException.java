package io.w7s.host.isolate;

/** The app's code could not be started in an isolate; the message says where and why. */
public final class IsolateException extends Exception {
    public IsolateException(String message) {
        super(message);
    }
}
