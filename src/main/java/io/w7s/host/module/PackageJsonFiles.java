package io.w7s.host.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The package.json files of one app, each read and parsed once per module graph load: a package's
 * modules all ask for the same file (its "type", "exports", "browser"), and some are large
 * (date-fns' is 200 KB), so parsing it per module cost most of an 800-module deploy.
 */
final class PackageJsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A package.json as read: its tree (MissingNode when there is none), or why it could not be used. */
    record Parsed(JsonNode tree, String error) {
    }

    private final Path root; // real path of the app folder
    private final Map<Path, Parsed> parsed = new HashMap<>();          // folder -> its package.json
    private final Map<Path, Optional<Path>> nearest = new HashMap<>(); // folder -> nearest folder with one

    PackageJsonFiles(Path realRoot) {
        this.root = realRoot;
    }

    /** The package.json in {@code folder}, parsed. */
    Parsed in(Path folder) {
        return parsed.computeIfAbsent(folder, this::read);
    }

    /** The folder at or above {@code folder}, inside the app, nearest to it with a package.json; empty if none. */
    Optional<Path> nearestFolder(Path folder) {
        Optional<Path> known = nearest.get(folder);
        if (known != null) {
            return known;
        }
        Optional<Path> found;
        if (folder == null || !folder.startsWith(root)) {
            found = Optional.empty();
        } else if (Files.isRegularFile(folder.resolve("package.json"))) {
            found = Optional.of(folder);
        } else {
            found = folder.equals(root) ? Optional.empty() : nearestFolder(folder.getParent());
        }
        if (folder != null) {
            nearest.put(folder, found);
        }
        return found;
    }

    private Parsed read(Path folder) {
        Path file = folder.resolve("package.json");
        if (!Files.isRegularFile(file)) {
            return new Parsed(MissingNode.getInstance(), null);
        }
        String where = ModuleException.slashes(root.relativize(file));
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            return new Parsed(node == null ? MissingNode.getInstance() : node, null);
        } catch (JsonProcessingException e) {
            return new Parsed(MissingNode.getInstance(), "invalid " + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            return new Parsed(MissingNode.getInstance(), "cannot read " + where + ": " + e.getMessage());
        }
    }
}
