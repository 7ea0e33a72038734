package io.w7s.host.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Compiled modules on disk, one file per content key ({@link EntryFormat}), so a restarted host recompiles nothing
 * (and never loads swc4j when every file hits). An entry holds only what does not depend on where
 * the file lives (code, source map, imports), because the same content may sit in several apps.
 * Deleting the folder is always safe. Failures never reach the user: an unreadable entry is a miss
 * (compiled again and rewritten), an unwritable folder only costs the next start its compile time.
 */
public final class CompileCache {
    private static final Logger LOG = Logger.getLogger(CompileCache.class.getName());

    private final Path dir;
    private static final long PROCESS = ProcessHandle.current().pid();

    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicLong tempCounter = new AtomicLong();
    private volatile boolean dirCreated;

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
        byte[] bytes = readFile(fileOf(contentKey));
        try {
            return bytes == null ? null : EntryFormat.read(bytes, contentKey);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ignoring unreadable compile cache entry " + fileOf(contentKey), e);
            return null;
        }
    }

    /** Stores {@code module}; written to a temp file and renamed, so readers see the old entry or the whole new one. */
    void write(String contentKey, CompiledModule module) {
        try {
            writeFile(fileOf(contentKey), EntryFormat.write(contentKey, module));
        } catch (IOException | RuntimeException e) {
            warnOnce(e);
        }
    }

    /** A combined package stored under {@code key} ({@link PackageBundler}), or null. */
    byte[] readBundle(String key) {
        return readFile(bundleFileOf(key));
    }

    /** Stores a combined package under {@code key}, as {@link #write} does. */
    void writeBundle(String key, byte[] bytes) {
        try {
            writeFile(bundleFileOf(key), bytes);
        } catch (IOException | RuntimeException e) {
            warnOnce(e);
        }
    }

    private byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ignoring unreadable compile cache entry " + file, e);
            return null;
        }
    }

    private void writeFile(Path file, byte[] bytes) throws IOException {
        Path temp = null;
        try {
            if (!dirCreated) {
                Files.createDirectories(dir);
                dirCreated = true;
            }
            // Unique per process and write (Files.createTempFile's random names cost more than the write itself).
            temp = dir.resolve(file.getFileName() + "." + PROCESS + "-" + tempCounter.incrementAndGet() + ".tmp");
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
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

    private void warnOnce(Exception e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warning("cannot write the compile cache in " + dir + " (" + e + "); modules will be compiled again on the next start");
        }
    }

    /** Where swc4j's native library is kept between runs. */
    Path nativeLibraryDir() {
        return dir.resolve("native");
    }

    /** The file name also covers the entry format and the swc4j version, so an upgrade starts from an empty cache. */
    private Path fileOf(String contentKey) {
        return dir.resolve(sha256("w7s-compiled/" + EntryFormat.VERSION + "/swc4j-" + Swc4jLibrary.VERSION + "\0" + contentKey) + ".bin");
    }

    private Path bundleFileOf(String key) {
        return dir.resolve(sha256("w7s-bundle/" + key) + ".bundle");
    }

    static String sha256(String text) {
        return DigestUtils.sha256Hex(text);
    }
}
