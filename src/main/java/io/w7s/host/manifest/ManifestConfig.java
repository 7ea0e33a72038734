package io.w7s.host.manifest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Serve what a manifest says ({@code w7s serve --manifest}).
 *
 * @param location a file path or an http(s) URL
 * @param poll     how often it is read again
 * @param store    where bundles and their unpacked versions are kept
 */
public record ManifestConfig(String location, Duration poll, Path store) {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
}
