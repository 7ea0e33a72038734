package io.w7s.host.manifest;

/** A bundle that could not be fetched, did not match its digest, or could not be unpacked; the message says which. */
final class BundleException extends Exception {
    BundleException(String message) {
        super(message);
    }
}
