package io.w7s.host.module;

import com.caoccao.javet.swc4j.Swc4jLibLoader;
import com.caoccao.javet.swc4j.interfaces.ISwc4jLibLoadingListener;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * swc4j's version, and where its native library is loaded from. By default swc4j copies its 20 MB
 * library out of the jar into {@code /tmp/swc4j/<pid>/} on every start (and runs chmod in a child
 * process); {@link #beforeFirstUse} extracts it once into a folder that outlives the process and loads that copy.
 */
final class Swc4jLibrary {
    private static final Logger LOG = Logger.getLogger(Swc4jLibrary.class.getName());

    /** The swc4j version of the build (Maven fills it into swc4j.properties); "unknown" when not filtered. */
    static final String VERSION = readVersion();

    private static boolean configured;

    private Swc4jLibrary() {
    }

    /**
     * Call before every {@code new Swc4j()}: the first call in the JVM decides where the library comes
     * from, since it loads once per JVM (a second copy from another folder must never be loaded). With a
     * {@code dir}, swc4j loads it from there, extracted first when it is not there yet; with null, or on
     * any failure, swc4j keeps its default loading, so this never breaks compiling.
     */
    static synchronized void beforeFirstUse(Path dir) {
        if (configured) {
            return;
        }
        configured = true;
        if (dir == null) {
            return;
        }
        String name = fileName();
        URL resource = name == null ? null : Swc4jLibLoader.class.getResource("/" + name);
        if (resource == null) {
            return;
        }
        Path library = dir.resolve(name);
        try {
            if (!isComplete(library, resource)) {
                extract(resource, library);
            }
            // Loading it here first tells us the folder allows executable mappings (not a noexec mount);
            // swc4j's own System.load of the same file is then a no-op.
            System.load(library.toAbsolutePath().toString());
        } catch (IOException | UncheckedIOException | UnsatisfiedLinkError | SecurityException e) {
            LOG.log(Level.WARNING, "cannot keep swc4j's native library in " + dir + " (" + e + "); it is extracted to the temp folder on every start");
            return;
        }
        File folder = library.getParent().toFile();
        Swc4jLibLoader.setLibLoadingListener(new ISwc4jLibLoadingListener() {
            @Override
            public File getLibPath() {
                return folder;
            }

            @Override
            public boolean isDeploy() {
                return false;
            }
        });
    }

    /** swc4j's own naming: libswc4j-OS-ARCH.v.VERSION.EXT (see Swc4jLibLoader); null on a platform we do not know. */
    static String fileName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("linux") ? "linux" : os.contains("mac") ? "macos" : os.contains("windows") ? "windows" : null;
        String extension = os.contains("linux") ? "so" : os.contains("mac") ? "dylib" : "dll";
        String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : null;
        if (osName == null || archName == null || VERSION.equals("unknown")) {
            return null;
        }
        return "libswc4j-" + osName + "-" + archName + ".v." + VERSION + "." + extension;
    }

    /** The version is in the file name, so a copy of the right size is the right library. */
    private static boolean isComplete(Path library, URL resource) throws IOException {
        if (!Files.isRegularFile(library)) {
            return false;
        }
        URLConnection connection = resource.openConnection();
        long size = connection.getContentLengthLong();
        return size < 0 || Files.size(library) == size;
    }

    /** Temp file in the same folder, then an atomic rename: a concurrent start never loads a half-written file. */
    private static void extract(URL resource, Path library) throws IOException {
        Files.createDirectories(library.getParent());
        Path temp = Files.createTempFile(library.getParent(), library.getFileName().toString(), ".tmp");
        try {
            try (InputStream in = resource.openStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            temp.toFile().setExecutable(true, false);
            Files.move(temp, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = Swc4jLibrary.class.getResourceAsStream("swc4j.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String version = properties.getProperty("swc4j.version", "unknown");
        return version.contains("${") ? "unknown" : version;
    }
}
