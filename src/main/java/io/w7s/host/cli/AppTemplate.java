package io.w7s.host.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a new TypeScript app ({@code w7s init}), read from the class path:
 * {@code w7s/init/template/} and the shipped {@code bindings/} (copied byte for byte).
 */
final class AppTemplate {
    private static final String TEMPLATE = "w7s/init/template/";
    private static final String BINDINGS = "w7s/init/bindings/";

    /** One file to write: where it comes from on the class path, where it goes in the app folder. */
    record File(String resource, String target) {
    }

    private AppTemplate() {
    }

    /** The files of an app; w7s.json names the repository only when it was given (else the folder decides). */
    static List<File> files(boolean withRepository) {
        return List.of(
                new File(TEMPLATE + "index.ts", "src/index.ts"),
                new File(BINDINGS + "w7s-env.d.ts", "src/w7s-env.d.ts"),
                new File(BINDINGS + "w7s-rpc.ts", "src/w7s-rpc.ts"),
                new File(TEMPLATE + (withRepository ? "w7s-with-repository.json" : "w7s.json"), "w7s.json"),
                new File(TEMPLATE + "tsconfig.json", "tsconfig.json"),
                new File(TEMPLATE + "gitignore", ".gitignore")); // not ".gitignore" in resources: it would apply to our own tree
    }

    /** The files of {@code files} that already exist in {@code dir}. */
    static List<String> existing(Path dir, List<File> files) {
        List<String> found = new ArrayList<>();
        for (File f : files) if (Files.exists(dir.resolve(f.target()))) found.add(f.target());
        return found;
    }

    /**
     * Writes the files; {@code repository} replaces {@code {{repository}}}. Never overwrites: a file
     * that appeared since {@link #existing} was checked makes this fail.
     */
    static void write(Path dir, List<File> files, String repository) throws IOException {
        for (File f : files) {
            Path target = dir.resolve(f.target());
            Files.createDirectories(target.getParent());
            byte[] bytes = read(f.resource());
            if (repository != null && f.resource().endsWith(".json")) {
                bytes = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace("{{repository}}", repository)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    static byte[] read(String resource) {
        try (InputStream in = AppTemplate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource + " (is the build complete?)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
