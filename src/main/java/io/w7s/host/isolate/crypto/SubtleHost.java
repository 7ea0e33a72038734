package io.w7s.host.isolate.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The Java half of {@code crypto.subtle} (runtime/src/host/subtle): one per isolate, used only on
 * its loop thread. The JS side normalizes algorithms and checks usages; this side does the
 * cryptography. Inputs are (ArrayBuffer, offset, length) triples, outputs {@code ByteBuffer}s. A
 * failure returns {@code null} (or -1) and leaves {@code "<DOMException name>\n<message>"} in
 * {@link #lastError()}: host exceptions never reach JS.
 */
public final class SubtleHost {
    private static final SecureRandom RANDOM = new SecureRandom();
    private String lastError = "OperationError\nunknown failure";

    @HostAccess.Export
    public String lastError() {
        return lastError;
    }

    private <T> T run(Supplier<T> op) {
        try {
            return op.get();
        } catch (CryptoFailure e) {
            lastError = e.domName + "\n" + e.getMessage();
        } catch (RuntimeException e) {
            lastError = "OperationError\n" + e;
        }
        return null;
    }

    private static byte[] bytes(Value buffer, int offset, int length) {
        byte[] b = new byte[length];
        if (length > 0) buffer.readBuffer(offset, b, 0, length);
        return b;
    }

    private static ByteBuffer out(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    // ---- digest ----

    @HostAccess.Export
    public ByteBuffer digest(String hash, Value data, int offset, int length) {
        return run(() -> out(md(hash).digest(bytes(data, offset, length))));
    }

    private static MessageDigest md(String hash) {
        try {
            return MessageDigest.getInstance(hash);
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.notSupported(hash);
        }
    }

    // ---- keys ----

    @HostAccess.Export
    public KeyHandle importSecret(Value data, int offset, int length) {
        return new KeyHandle(bytes(data, offset, length));
    }

    @HostAccess.Export
    public KeyHandle generateSecret(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return new KeyHandle(b);
    }

    /** {@code kind}: RSA, EC, Ed25519, X25519; {@code format}: spki, pkcs8, raw; {@code curve} for EC. */
    @HostAccess.Export
    public KeyHandle importKey(String kind, String format, String curve, Value data, int offset, int length) {
        return run(() -> {
            byte[] b = bytes(data, offset, length);
            return format.equals("raw") ? Keys.importRaw(kind, curve, b) : Keys.importSpkiOrPkcs8(kind, format, curve, b);
        });
    }

    /** {@code fields}: the JWK's string members as {@code name\nvalue\n...}. */
    @HostAccess.Export
    public KeyHandle importJwk(String kind, String curve, String fields) {
        return run(() -> {
            Map<String, String> jwk = new LinkedHashMap<>();
            String[] parts = fields.isEmpty() ? new String[0] : fields.split("\n", -1);
            for (int i = 0; i + 1 < parts.length; i += 2) jwk.put(parts[i], parts[i + 1]);
            return Keys.importJwk(kind, curve, jwk);
        });
    }

    /** {@code param}: modulus length (RSA) or curve name (EC). The handle holds both halves. */
    @HostAccess.Export
    public KeyHandle generateKeyPair(String kind, String param, Value exponent, int offset, int length) {
        return run(() -> Keys.generatePair(kind, param, kind.equals("RSA") ? bytes(exponent, offset, length) : null));
    }

    @HostAccess.Export
    public KeyHandle publicHalf(KeyHandle key) {
        return new KeyHandle(key.kind, null, key.publicKey);
    }

    /**
     * {@code secret\n<bits>}, {@code public|private\nRSA\n<modulusBits>\n<exponent hex>},
     * {@code public|private\nEC\n<curve>}, {@code public|private\n<Ed25519|X25519>}.
     */
    @HostAccess.Export
    public String describe(KeyHandle key) {
        if (key.secret != null) return "secret\n" + key.secret.length * 8;
        String type = key.isPrivate() ? "private" : "public";
        return switch (key.kind) {
            case "RSA" -> {
                var pub = (java.security.interfaces.RSAPublicKey) key.publicKey;
                yield type + "\nRSA\n" + pub.getModulus().bitLength() + "\n" + java.util.HexFormat.of().formatHex(Keys.unsigned(pub.getPublicExponent()));
            }
            case "EC" -> type + "\nEC\n" + Keys.curveOf(((java.security.interfaces.ECPublicKey) key.publicKey).getParams());
            default -> type + "\n" + key.kind;
        };
    }

    /** {@code format}: raw, spki, pkcs8. */
    @HostAccess.Export
    public ByteBuffer exportKey(String format, KeyHandle key) {
        return run(() -> out(switch (format) {
            case "raw" -> Keys.exportRaw(key);
            case "spki" -> {
                if (key.publicKey == null || key.isPrivate()) throw new CryptoFailure("InvalidAccessError", "spki export needs a public key");
                yield key.publicKey.getEncoded();
            }
            case "pkcs8" -> {
                if (!key.isPrivate()) throw new CryptoFailure("InvalidAccessError", "pkcs8 export needs a private key");
                yield key.privateKey.getEncoded();
            }
            default -> throw CryptoFailure.notSupported(format);
        }));
    }

    /** The JWK's members as {@code name\nvalue\n...}. */
    @HostAccess.Export
    public String exportJwk(KeyHandle key) {
        return run(() -> {
            StringBuilder s = new StringBuilder();
            Keys.exportJwk(key).forEach((k, v) -> s.append(s.isEmpty() ? "" : "\n").append(k).append('\n').append(v));
            return s.toString();
        });
    }

    // ---- HMAC ----

    @HostAccess.Export
    public ByteBuffer hmac(String hash, KeyHandle key, Value data, int offset, int length) {
        return run(() -> out(mac(hash, key.secret).doFinal(bytes(data, offset, length))));
    }

    /** Constant-time comparison of the expected MAC with {@code signature}: 1 valid, 0 invalid, -1 error. */
    @HostAccess.Export
    public int hmacVerify(String hash, KeyHandle key, Value signature, int sOffset, int sLength, Value data, int offset, int length) {
        Integer r = run(() -> MessageDigest.isEqual(mac(hash, key.secret).doFinal(bytes(data, offset, length)),
                bytes(signature, sOffset, sLength)) ? 1 : 0);
        return r == null ? -1 : r;
    }

    private static Mac mac(String hash, byte[] key) {
        try {
            Mac mac = Mac.getInstance("Hmac" + hash.replace("-", ""));
            // HMAC pads keys with zeros, so an empty key equals a one-byte zero key (SecretKeySpec refuses empty).
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HMAC"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.notSupported("HMAC with " + hash);
        }
    }

    // ---- signatures ----

    /** {@code alg}: RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA (IEEE P1363 r||s), Ed25519. */
    @HostAccess.Export
    public ByteBuffer sign(String alg, String hash, int saltLength, KeyHandle key, Value data, int offset, int length) {
        return run(() -> {
            try {
                Signature s = signature(alg, hash, saltLength);
                s.initSign(key.privateKey);
                s.update(bytes(data, offset, length));
                return out(s.sign());
            } catch (GeneralSecurityException e) {
                throw CryptoFailure.operation(alg + " signing failed: " + e.getMessage());
            }
        });
    }

    /** 1 valid, 0 invalid (including a malformed signature), -1 error (see {@link #lastError()}). */
    @HostAccess.Export
    public int verify(String alg, String hash, int saltLength, KeyHandle key, Value signature, int sOffset, int sLength,
            Value data, int offset, int length) {
        Integer r = run(() -> {
            Signature s = signature(alg, hash, saltLength);
            try {
                s.initVerify(key.publicKey);
                s.update(bytes(data, offset, length));
            } catch (GeneralSecurityException e) {
                throw CryptoFailure.operation(alg + " verification failed: " + e.getMessage());
            }
            try {
                return s.verify(bytes(signature, sOffset, sLength)) ? 1 : 0;
            } catch (GeneralSecurityException e) {
                return 0;
            }
        });
        return r == null ? -1 : r;
    }

    private static Signature signature(String alg, String hash, int saltLength) {
        String h = hash.replace("-", "");
        try {
            return switch (alg) {
                case "RSASSA-PKCS1-v1_5" -> Signature.getInstance(h + "withRSA");
                case "ECDSA" -> Signature.getInstance(h + "withECDSAinP1363Format");
                case "Ed25519" -> Signature.getInstance("Ed25519");
                case "RSA-PSS" -> {
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, 1));
                    yield s;
                }
                default -> throw CryptoFailure.notSupported(alg);
            };
        } catch (GeneralSecurityException e) {
            throw CryptoFailure.notSupported(alg + " with " + hash);
        }
    }

    // ---- AES ----

    /**
     * {@code mode}: GCM or CBC. {@code params} holds the IV followed by the additional data (GCM);
     * {@code tagBits} for GCM.
     */
    @HostAccess.Export
    public ByteBuffer aes(String mode, boolean encrypt, KeyHandle key, Value params, int ivLength, int aadLength, int tagBits,
            Value data, int offset, int length) {
        return run(() -> {
            byte[] p = bytes(params, 0, ivLength + aadLength);
            byte[] iv = java.util.Arrays.copyOfRange(p, 0, ivLength);
            try {
                Cipher c;
                SecretKeySpec k = new SecretKeySpec(key.secret, "AES");
                int op = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
                if (mode.equals("GCM")) {
                    c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(op, k, new GCMParameterSpec(tagBits, iv));
                    if (aadLength > 0) c.updateAAD(p, ivLength, aadLength);
                } else {
                    c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                    c.init(op, k, new IvParameterSpec(iv));
                }
                return out(c.doFinal(bytes(data, offset, length)));
            } catch (AEADBadTagException e) {
                throw CryptoFailure.operation("The authentication tag does not match (wrong key, IV, data or additional data)");
            } catch (GeneralSecurityException e) {
                throw CryptoFailure.operation("AES-" + mode + (encrypt ? " encryption" : " decryption") + " failed: " + e.getMessage());
            }
        });
    }

    // ---- derivation ----

    /** PBKDF2 (RFC 8018) on HMAC directly: JCA's PBEKeySpec takes chars, WebCrypto passwords are bytes. */
    @HostAccess.Export
    public ByteBuffer pbkdf2(String hash, KeyHandle key, Value salt, int offset, int length, int iterations, int bits) {
        return run(() -> {
            byte[] s = bytes(salt, offset, length);
            Mac mac = mac(hash, key.secret);
            int hLen = mac.getMacLength();
            int n = bits / 8;
            byte[] result = new byte[n];
            for (int block = 1, at = 0; at < n; block++, at += hLen) {
                mac.update(s);
                byte[] u = mac.doFinal(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                byte[] t = u.clone();
                for (int i = 1; i < iterations; i++) {
                    u = mac.doFinal(u);
                    for (int j = 0; j < hLen; j++) t[j] ^= u[j];
                }
                System.arraycopy(t, 0, result, at, Math.min(hLen, n - at));
            }
            return out(result);
        });
    }

    /** HKDF (RFC 5869) extract-then-expand; {@code params} holds the salt followed by the info. */
    @HostAccess.Export
    public ByteBuffer hkdf(String hash, KeyHandle key, Value params, int saltLength, int infoLength, int bits) {
        return run(() -> {
            byte[] p = bytes(params, 0, saltLength + infoLength);
            byte[] salt = java.util.Arrays.copyOfRange(p, 0, saltLength);
            byte[] info = java.util.Arrays.copyOfRange(p, saltLength, p.length);
            Mac extract = mac(hash, salt); // an empty salt means HashLen zeros: the same HMAC key
            byte[] prk = extract.doFinal(key.secret);
            Mac expand = mac(hash, prk);
            int hLen = expand.getMacLength();
            int n = bits / 8;
            if (n > 255 * hLen) throw CryptoFailure.operation("HKDF length exceeds 255 * HashLen");
            byte[] okm = new byte[n];
            byte[] t = new byte[0];
            for (int i = 1, at = 0; at < n; i++, at += hLen) {
                expand.update(t);
                expand.update(info);
                t = expand.doFinal(new byte[] {(byte) i});
                System.arraycopy(t, 0, okm, at, Math.min(hLen, n - at));
            }
            return out(okm);
        });
    }

    /** ECDH / X25519 shared secret; {@code bits} < 0 for all of it. */
    @HostAccess.Export
    public ByteBuffer agree(KeyHandle privateKey, KeyHandle publicKey, int bits) {
        return run(() -> {
            try {
                KeyAgreement ka = KeyAgreement.getInstance(privateKey.kind.equals("EC") ? "ECDH" : privateKey.kind);
                ka.init(privateKey.privateKey);
                ka.doPhase(publicKey.publicKey, true);
                byte[] secret = ka.generateSecret();
                if (bits < 0) return out(secret);
                if (bits > secret.length * 8) throw CryptoFailure.operation("length exceeds the shared secret (" + secret.length * 8 + " bits)");
                byte[] r = java.util.Arrays.copyOf(secret, (bits + 7) / 8);
                if (bits % 8 != 0) r[r.length - 1] &= (byte) (0xff << (8 - bits % 8));
                return out(r);
            } catch (GeneralSecurityException e) {
                throw CryptoFailure.operation("Key agreement failed: " + e.getMessage());
            }
        });
    }

}
