package io.w7s.host.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.w7s.host.admin.AppArchive;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local, content-addressed store of bundles: fetches a bundle once (http(s) or a file), verifies its SHA-256
 * against the manifest's digest before anything reads it, and unpacks each version (bundle + the manifest's
 * w7s.json overrides) into a folder of its own that the host deploys. A bundle that does not match is never kept.
 */
final class BundleStore {
    /** Largest bundle accepted: an app with its node_modules, compressed. */
    static final long MAX_BUNDLE_BYTES = 512L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path bundles;
    private final Path versions;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    BundleStore(Path dir) throws IOException {
        this.bundles = Files.createDirectories(dir.resolve("bundles"));
        this.versions = Files.createDirectories(dir.resolve("versions"));
    }

    /** The folder to deploy for {@code entry}: its bundle, verified and unpacked, with the manifest's overrides applied. */
    Path folder(Manifest.Entry entry) throws BundleException {
        String hex = entry.digest().substring("sha256:".length());
        Path archive = bundles.resolve(Bundle.fileName(hex));
        if (!Files.isRegularFile(archive)) fetch(entry.bundle(), hex, archive);
        Path version = versions.resolve(entry.owner() + "--" + entry.repo() + "--" + entry.version().replace(':', '-').replace('+', '-'));
        Path app = version.resolve("app");
        if (Files.isDirectory(app)) return app;
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory(versions, ".unpack-");
            Path into = Files.createDirectory(tmp.resolve("app"));
            try (InputStream in = Files.newInputStream(archive)) {
                AppArchive.unpack(in, into);
            }
            applyOverrides(into, entry.overrides());
            Files.move(tmp, version, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return app;
        } catch (AppArchive.BadArchiveException e) {
            throw new BundleException(entry.digest() + " is not an app bundle: " + e.getMessage());
        } catch (IOException e) {
            if (Files.isDirectory(app)) return app; // unpacked meanwhile by another load of the same version
            throw new BundleException("cannot unpack " + entry.digest() + ": " + e);
        } finally {
            if (tmp != null) deleteTree(tmp);
        }
    }

    private void fetch(URI source, String hex, Path archive) throws BundleException {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(bundles, ".fetch-", ".tmp");
            try (InputStream in = open(source); var out = Files.newOutputStream(tmp)) {
                long n = in.transferTo(out);
                if (n > MAX_BUNDLE_BYTES) throw new BundleException(source + " is larger than " + (MAX_BUNDLE_BYTES >> 20) + " MiB");
            }
            String got = Bundle.sha256Hex(tmp);
            if (!got.equals(hex)) {
                throw new BundleException("digest mismatch: " + source + " has sha256:" + got + ", the manifest says sha256:" + hex
                        + " (not loaded)");
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new BundleException("cannot fetch " + source + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private InputStream open(URI source) throws IOException, BundleException {
        if ("file".equals(source.getScheme())) return Files.newInputStream(Path.of(source));
        HttpRequest request = HttpRequest.newBuilder(source).timeout(Duration.ofMinutes(2)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new BundleException("cannot fetch " + source + ": HTTP " + response.statusCode());
        }
        return new java.io.FilterInputStream(response.body()) {
            private long left = MAX_BUNDLE_BYTES + 1;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) return -1; // the caller sees a size over the bound and refuses it
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) left -= n;
                return n;
            }
        };
    }

    /** Merges the manifest's keys into the app's w7s.json: vars and limits key by key, isolates replaced. */
    private static void applyOverrides(Path app, ObjectNode overrides) throws IOException, BundleException {
        if (overrides.isEmpty()) return;
        Path file = app.resolve("w7s.json");
        ObjectNode settings;
        if (Files.isRegularFile(file)) {
            JsonNode read;
            try {
                read = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new BundleException("the bundle's w7s.json is not valid JSON: " + e.getMessage());
            }
            if (!(read instanceof ObjectNode o)) throw new BundleException("the bundle's w7s.json is not a JSON object");
            settings = o;
        } else {
            settings = JSON.createObjectNode();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject() && settings.get(e.getKey()) instanceof ObjectNode existing) {
                existing.setAll((ObjectNode) e.getValue());
            } else {
                settings.set(e.getKey(), e.getValue());
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), settings);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp folder is harmless
        }
    }
}
