package io.w7s.host.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** The bearer token of the admin API: read from a file, or generated and written to one only its user can read. */
public final class AdminToken {
    private final String value;
    private final Path file;

    private AdminToken(String value, Path file) {
        this.value = value;
        this.file = file;
    }

    /** The token the listener requires, or null when it needs none (loopback and no token file given). */
    static AdminToken resolve(AdminConfig config) throws IOException {
        if (config.tokenFile() != null) return new AdminToken(read(config.tokenFile()), config.tokenFile());
        if (config.loopback()) return null;
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path file = defaultFile();
        write(file, token);
        return new AdminToken(token, file);
    }

    /** {@code $XDG_STATE_HOME/w7s/admin-token}, else {@code ~/.local/state/w7s/admin-token}: where clients look too. */
    public static Path defaultFile() {
        String override = System.getProperty("w7s.stateHome"); // tests: never the user's own state folder
        String state = override != null ? override : System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("w7s").resolve("admin-token");
    }

    /** Reads a token file: its first line, trimmed; refuses an empty or short one. */
    public static String read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int eol = text.indexOf('\n');
        String token = eol < 0 ? text : text.substring(0, eol).strip();
        if (token.length() < 16) throw new IOException(file + ": the admin token must be at least 16 characters");
        return token;
    }

    private static void write(Path file, String token) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
    }

    /** Whether an {@code authorization} header carries this token (compared in constant time). */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        return matches(authorization.substring(7).strip());
    }

    /** Whether {@code given} is this token (compared in constant time). */
    boolean matches(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the dashboard's cookie holds: derived from the token (SHA-256 of a fixed prefix and the token), not the token
     * itself, so a browser never keeps what opens the admin API, and any character of a token file is cookie-safe.
     */
    String dashboardCookie() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("w7s dashboard\n" + value).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /** Whether a cookie value is {@link #dashboardCookie} (compared in constant time). */
    boolean acceptsDashboardCookie(String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), dashboardCookie().getBytes(StandardCharsets.UTF_8));
    }

    Path file() {
        return file;
    }
}
