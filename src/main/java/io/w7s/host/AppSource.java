package io.w7s.host;

import java.nio.file.Path;

/**
 * A folder given to the host: an app folder or a folder of {@code <owner>/<repo>} app folders,
 * deployed into {@code environment}.
 *
 * @param repository {@code owner/repo} that overrides the folder's own, or null
 */
public record AppSource(Path dir, String environment, String repository) {
}
