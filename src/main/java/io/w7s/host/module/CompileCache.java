package io.w7s.host.module;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Compiled modules on disk, one JSON file per content key, so a restarted host recompiles nothing
 * (and never loads swc4j when every file hits). An entry holds only what does not depend on where
 * the file lives (code, source map, imports), because the same content may sit in several apps.
 * Deleting the folder is always safe. Failures never reach the user: an unreadable entry is a miss
 * (compiled again and rewritten), an unwritable folder only costs the next start its compile time.
 */
public final class CompileCache {
    private static final Logger LOG = Logger.getLogger(CompileCache.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bump when the entry layout or what the compiler produces changes: old entries are then never read. */
    static final int FORMAT = 1;

    private final Path dir;
    private final AtomicBoolean warned = new AtomicBoolean();

    public CompileCache(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** {@code $XDG_CACHE_HOME/w7s/compiled}, else {@code ~/.cache/w7s/compiled}. */
    public static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("w7s").resolve("compiled");
    }

    public Path dir() {
        return dir;
    }

    /** The module stored under {@code contentKey}, or null when there is none or it cannot be read. */
    CompiledModule read(String contentKey) {
        Path file = fileOf(contentKey);
        try {
            Entry entry = JSON.readValue(Files.readAllBytes(file), Entry.class);
            if (entry.format() != FORMAT || !contentKey.equals(entry.key()) || entry.code() == null) {
                return null;
            }
            return entry.toModule();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ignoring unreadable compile cache entry " + file, e);
            return null;
        }
    }

    /** Stores {@code module}; written to a temp file and renamed, so readers see the old entry or the whole new one. */
    void write(String contentKey, CompiledModule module) {
        Path file = fileOf(contentKey);
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(Entry.of(contentKey, module)));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException | RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warning("cannot write the compile cache in " + dir + " (" + e + "); modules will be compiled again on the next start");
            }
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray .tmp file is harmless: it is never read
                }
            }
        }
    }

    /** Where swc4j's native library is kept between runs. */
    Path nativeLibraryDir() {
        return dir.resolve("native");
    }

    /** The file name also covers the format and the swc4j version, so an upgrade starts from an empty cache. */
    private Path fileOf(String contentKey) {
        return dir.resolve(sha256("w7s-compiled/" + FORMAT + "/swc4j-" + Swc4jLibrary.VERSION + "\0" + contentKey) + ".json");
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The stored form of a {@link CompiledModule}; the source map as its "mappings" string. */
    record Entry(int format, String key, String code, String sourceMap, List<ImportRef> imports,
                 List<CompiledModule.Site> sites, boolean commonJs, List<String> commonJsExports) {
        static Entry of(String key, CompiledModule m) {
            return new Entry(FORMAT, key, m.code(), m.sourceMap() == null ? null : m.sourceMap().mappings(),
                    m.imports(), m.sites(), m.commonJs(), m.commonJsExports());
        }

        CompiledModule toModule() {
            return new CompiledModule(code, sourceMap == null ? null : SourceMap.ofMappings(sourceMap),
                    imports, sites, commonJs, commonJsExports);
        }
    }
}
