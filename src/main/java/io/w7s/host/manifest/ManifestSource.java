package io.w7s.host.manifest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the manifest comes from: a file (read whole each time: a Kubernetes ConfigMap is swapped in by a symlink
 * change, which a file watch would miss) or an http(s) URL (asked with {@code If-None-Match}, so an unchanged
 * manifest costs a 304).
 */
final class ManifestSource {
    private final URI uri;
    private final HttpClient http;
    private String etag;

    private ManifestSource(URI uri) {
        this.uri = uri;
        this.http = isFile() ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A URL ({@code http:}, {@code https:}, {@code file:}) or a path. */
    static ManifestSource of(String location) {
        if (location.startsWith("http://") || location.startsWith("https://") || location.startsWith("file:")) {
            return new ManifestSource(URI.create(location));
        }
        return new ManifestSource(Path.of(location).toAbsolutePath().normalize().toUri());
    }

    private boolean isFile() {
        return "file".equals(uri.getScheme());
    }

    /** Relative bundle locations resolve against this. */
    URI base() {
        return uri;
    }

    /** The manifest's bytes, or null when the server says it has not changed since the last read. */
    byte[] read() throws ManifestException {
        if (isFile()) {
            try {
                return Files.readAllBytes(Path.of(uri));
            } catch (NoSuchFileException e) {
                throw new ManifestException(uri.getPath() + ": no such file");
            } catch (IOException e) {
                throw new ManifestException(uri.getPath() + ": cannot read: " + e.getMessage());
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (etag != null) request.header("if-none-match", etag);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 304) return null;
            if (response.statusCode() != 200) throw new ManifestException(uri + ": HTTP " + response.statusCode());
            etag = response.headers().firstValue("etag").orElse(null);
            return response.body();
        } catch (IOException e) {
            throw new ManifestException(uri + ": cannot fetch: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManifestException(uri + ": interrupted");
        }
    }

    @Override
    public String toString() {
        return isFile() ? uri.getPath() : uri.toString();
    }
}
