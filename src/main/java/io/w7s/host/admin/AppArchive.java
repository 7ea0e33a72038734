package io.w7s.host.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * An app folder as a {@code .tar.gz}, the form {@code w7s deploy} uploads and {@code w7s bundle} writes. Packing
 * leaves out {@code .git} and {@code .dev.vars} (local secrets never leave the machine), stores symlinks as the files
 * they point to, and is reproducible (sorted entries, fixed times and owners), so the same folder has the same digest. Unpacking accepts only regular files and folders inside the target, within size bounds, so
 * an archive can neither write outside its folder nor fill the disk.
 */
public final class AppArchive {
    /** Left out when packing: git's store, and local development secrets. */
    static final List<String> LEFT_OUT = List.of(".git", ".dev.vars");
    static final long MAX_FILES = 200_000;
    static final long MAX_UNPACKED_BYTES = 1L << 30;
    /** Every packed file's time (the gzip header has none): packing is reproducible. */
    private static final java.nio.file.attribute.FileTime PACKED_AT = java.nio.file.attribute.FileTime.fromMillis(315_532_800_000L); // 1980-01-01

    private AppArchive() {
    }

    /** Writes {@code folder} as a tar.gz to {@code out}; returns how many files it holds. */
    public static int pack(Path folder, OutputStream out) throws IOException {
        Path root = folder.toRealPath();
        int files = 0;
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out));
             Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                Path relative = root.relativize(p);
                if (relative.toString().isEmpty() || leftOut(relative) || !Files.isRegularFile(p)) continue;
                TarArchiveEntry entry = new TarArchiveEntry(relative.toString().replace('\\', '/'));
                entry.setSize(Files.size(p));
                // Same files, same bytes: a bundle's digest names its content, not when or by whom it was packed.
                entry.setModTime(PACKED_AT);
                entry.setMode(0100644);
                entry.setIds(0, 0);
                entry.setNames("", "");
                tar.putArchiveEntry(entry);
                Files.copy(p, tar);
                tar.closeArchiveEntry();
                files++;
            }
            tar.finish();
        }
        return files;
    }

    private static boolean leftOut(Path relative) {
        if (LEFT_OUT.contains(relative.getName(0).toString())) return true;
        for (Path part : relative) if (part.toString().equals(".git")) return true;
        return false;
    }

    /** Unpacks a tar.gz into the empty folder {@code into}; a bad archive is a {@link BadArchiveException}. */
    public static void unpack(InputStream in, Path into) throws IOException, BadArchiveException {
        Path root = into.toRealPath();
        long files = 0;
        long bytes = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                Path target = root.resolve(e.getName()).normalize();
                if (e.getName().startsWith("/") || !target.startsWith(root) || target.equals(root) && !e.isDirectory()) {
                    throw new BadArchiveException("entry '" + e.getName() + "' would be written outside the app folder");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                if (!e.isFile()) {
                    throw new BadArchiveException("entry '" + e.getName() + "' is not a regular file or folder (links are not accepted)");
                }
                if (++files > MAX_FILES) throw new BadArchiveException("more than " + MAX_FILES + " files");
                Files.createDirectories(target.getParent());
                long written = Files.copy(boundedBy(tar, MAX_UNPACKED_BYTES - bytes), target);
                bytes += written;
            }
        } catch (IOException e) {
            if (e.getCause() instanceof BadArchiveException bad) throw bad;
            if (e instanceof java.nio.file.FileAlreadyExistsException) throw new BadArchiveException("entry '" + root.relativize(Path.of(e.getMessage())) + "' appears twice");
            if (e instanceof java.nio.file.FileSystemException) throw e;
            throw new BadArchiveException("not a readable .tar.gz: " + e.getMessage());
        }
    }

    /** Reads {@code in} but fails once more than {@code limit} bytes came through. */
    private static InputStream boundedBy(InputStream in, long limit) {
        return new java.io.FilterInputStream(in) {
            private long left = limit;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0 && --left < 0) throw tooBig();
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0 && (left -= n) < 0) throw tooBig();
                return n;
            }

            @Override
            public void close() {
                // the tar stream stays open for the next entry
            }

            private IOException tooBig() {
                return new IOException(new BadArchiveException("it unpacks to more than " + (MAX_UNPACKED_BYTES >> 20) + " MiB"));
            }
        };
    }

    /** The upload is not an acceptable app archive; the message says why. */
    public static final class BadArchiveException extends Exception {
        BadArchiveException(String message) {
            super(message);
        }
    }
}
