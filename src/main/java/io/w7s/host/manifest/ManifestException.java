package io.w7s.host.manifest;

/** A manifest that cannot be read or is not valid; the message names the key and why. */
public final class ManifestException extends Exception {
    public ManifestException(String message) {
        super(message);
    }
}
