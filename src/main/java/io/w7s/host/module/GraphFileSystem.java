package io.w7s.host.module;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The only file system a deployment's GraalJS context sees: a read-only view of the module graph,
 * fixed at deploy time, with the app folder at its root ({@link ModuleGraph#APP_ROOT}). It serves the
 * compiled JS of the graph's modules (resolving "./x" to x.ts, x.js, x/index.ts … exactly like
 * {@link ModuleResolver}), answers "no such file" for anything else and refuses every write. It holds no
 * mutable state, so one instance can be shared by all contexts of a deployment.
 */
final class GraphFileSystem implements FileSystem {
    private static final String JSON_MIME = "application/json";
    private static final String MODULE_MIME = "application/javascript+module";

    private final Map<Path, byte[]> files; // path in the app (under APP_ROOT) -> served bytes

    GraphFileSystem(Map<Path, byte[]> files) {
        this.files = Map.copyOf(files);
    }

    @Override
    public Path parsePath(URI uri) {
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new UnsupportedOperationException("only file: URIs are supported, got " + uri);
        }
        return Path.of(uri);
    }

    @Override
    public Path parsePath(String path) {
        return Path.of(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        if (modes.contains(AccessMode.WRITE)) {
            throw new AccessDeniedException(path.toString(), null, "the app's file system is read-only");
        }
        if (modes.contains(AccessMode.EXECUTE)) {
            throw new AccessDeniedException(path.toString(), null, "nothing is executable here");
        }
        module(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        return module(path);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.isAbsolute() ? path : ModuleGraph.APP_ROOT.resolve(path);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        for (OpenOption option : options) {
            if (option != StandardOpenOption.READ && option != LinkOption.NOFOLLOW_LINKS) {
                throw new AccessDeniedException(path.toString(), null, "the app's file system is read-only");
            }
        }
        return new ReadOnlyChannel(files.get(module(path)));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        throw new AccessDeniedException(dir.toString(), null, "listing folders is not allowed");
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw new AccessDeniedException(dir.toString(), null, "the app's file system is read-only");
    }

    @Override
    public void delete(Path path) throws IOException {
        throw new AccessDeniedException(path.toString(), null, "the app's file system is read-only");
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        Path real = module(path);
        Map<String, Object> result = new HashMap<>();
        FileTime epoch = FileTime.fromMillis(0);
        result.put("size", (long) files.get(real).length);
        result.put("isRegularFile", true);
        result.put("isDirectory", false);
        result.put("isSymbolicLink", false);
        result.put("isOther", false);
        result.put("lastModifiedTime", epoch);
        result.put("lastAccessTime", epoch);
        result.put("creationTime", epoch);
        return result;
    }

    @Override
    public String getMimeType(Path path) {
        return path.toString().endsWith(".json") ? JSON_MIME : MODULE_MIME;
    }

    @Override
    public Charset getEncoding(Path path) {
        return StandardCharsets.UTF_8;
    }

    /**
     * The path of the module {@code path} names; refuses unknown files. Nothing lies outside the app: it is the
     * root, so "../" cannot climb above it.
     */
    private Path module(Path path) throws IOException {
        Path absolute = toAbsolutePath(path).normalize();
        if (files.containsKey(absolute)) {
            return absolute;
        }
        Path found = ModuleResolver.firstExisting(absolute, files::containsKey);
        if (found == null) {
            throw new NoSuchFileException(path.toString(), null, "not a module of this deployment (modules are fixed at deploy time)");
        }
        return found;
    }
}
