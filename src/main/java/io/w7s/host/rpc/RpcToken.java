package io.w7s.host.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A deployment's RPC token: 256 random bits, new on every deploy. Tokens are looked up by their
 * SHA-256, so no comparison of secrets depends on how many characters match.
 */
public final class RpcToken {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RpcToken() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "w7s_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The lookup key of a token. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The token of an {@code authorization} header value {@code Bearer <token>} (scheme case-insensitive),
     * or null when the value has another form.
     */
    public static String fromAuthorization(String value) {
        if (value == null) return null;
        String v = value.strip();
        if (v.length() < 8 || !v.regionMatches(true, 0, "bearer ", 0, 7)) return null;
        String token = v.substring(7).strip();
        return token.isEmpty() || token.contains(" ") ? null : token;
    }
}
