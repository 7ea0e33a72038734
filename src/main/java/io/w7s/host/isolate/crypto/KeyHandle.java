package io.w7s.host.isolate.crypto;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A key as JavaScript holds it: an opaque host object without a single visible member. It lives as
 * long as the JS {@code CryptoKey} that references it. Exactly one of {@code secret}, {@code
 * publicKey}-only, or {@code privateKey} (with its public half when known) is set.
 */
public final class KeyHandle {
    final String kind; // "secret", "RSA", "EC", "Ed25519", "X25519"
    final byte[] secret;
    final PrivateKey privateKey;
    final PublicKey publicKey;

    KeyHandle(byte[] secret) {
        this.kind = "secret";
        this.secret = secret;
        this.privateKey = null;
        this.publicKey = null;
    }

    KeyHandle(String kind, PrivateKey privateKey, PublicKey publicKey) {
        this.kind = kind;
        this.secret = null;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    boolean isPrivate() {
        return privateKey != null;
    }

    @Override
    public String toString() {
        return "[CryptoKey handle]";
    }
}
