package io.w7s.host.manifest;

import io.w7s.host.admin.AppArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * An immutable, content-addressed app bundle: the app folder as a reproducible {@code .tar.gz}
 * ({@link AppArchive}), named by the SHA-256 of its bytes ({@code sha256-<hex>.tar.gz}, digest {@code sha256:<hex>}).
 */
public record Bundle(Path file, String digest) {
    /** Packs {@code folder} into {@code outDir} as {@code sha256-<hex>.tar.gz}; the same folder gives the same file. */
    public static Bundle write(Path folder, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path tmp = Files.createTempFile(outDir, ".bundle-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                AppArchive.pack(folder, out);
            }
            String hex = sha256Hex(tmp);
            Path file = outDir.resolve(fileName(hex));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Bundle(file, "sha256:" + hex);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String fileName(String hex) {
        return "sha256-" + hex + ".tar.gz";
    }

    static String sha256Hex(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }
}
