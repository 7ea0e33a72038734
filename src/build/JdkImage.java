import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.tools.jlink.internal.PluginRepository;
import jdk.tools.jlink.plugin.Plugin;
import jdk.tools.jlink.plugin.ResourcePool;
import jdk.tools.jlink.plugin.ResourcePoolBuilder;
import jdk.tools.jlink.plugin.ResourcePoolEntry;

/**
 * Build step (pom.xml, run by Java's source launcher): links {@code target/jdk}, this JDK with the Graal compiler
 * of {@code target/jvmci} as its {@code jdk.graal.compiler} module, in place of the empty one Temurin ships.
 * With the compiler inside the run-time image the JIT needs no {@code --upgrade-module-path}, which turns CDS
 * off and refuses the AOT cache ({@code target/w7s.aot}, made next by {@code ./w7s aot-cache}); this is how a
 * GraalVM JDK carries its compiler. Temurin 25 has no jmods: jlink links from the run-time image, which always
 * wins over a module of the same name on the module path, so a jlink plugin swaps the module's classes.
 * Usage: {@code JdkImage JVMCI_DIR OUTPUT_DIR}; does nothing when OUTPUT_DIR was linked from the same inputs.
 */
public final class JdkImage {
    private static final String COMPILER = "jdk.graal.compiler";
    /** Not linked: jlink cannot put itself into an image made from a run-time image; the compiler's JMX
     *  module is built against the JDK's own (empty) compiler; incubator modules warn on every start. */
    private static final List<String> LEFT_OUT = List.of("jdk.jlink", "jdk.jpackage", "jdk.graal.compiler.management");

    public static void main(String[] args) throws IOException {
        Path jvmci = Path.of(args[0]), output = Path.of(args[1]);
        List<ModuleReference> graal = ModuleFinder.of(jvmci).findAll().stream().toList();
        Path compilerJar = graal.stream().filter(m -> m.descriptor().name().equals(COMPILER))
                .map(m -> Path.of(m.location().orElseThrow())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + COMPILER + " module in " + jvmci));
        String inputs = Runtime.version() + " " + System.getProperty("java.home") + "\n" + graal.stream()
                .map(m -> m.location().orElseThrow() + " " + size(Path.of(m.location().get())))
                .sorted().collect(Collectors.joining("\n")) + "\n";
        Path stamp = output.resolve("w7s-image-inputs");
        if (Files.exists(stamp) && Files.readString(stamp).equals(inputs)) {
            System.out.println("w7s: " + output + " is up to date");
            return;
        }
        deleteTree(output);
        List<String> modules = new ArrayList<>(ModuleFinder.ofSystem().findAll().stream().map(m -> m.descriptor().name())
                .filter(n -> !LEFT_OUT.contains(n) && !n.startsWith("jdk.incubator.")).sorted().toList());
        graal.forEach(m -> { if (!modules.contains(m.descriptor().name())) modules.add(m.descriptor().name()); });
        PluginRepository.registerPlugin(new CompilerModule(compilerJar));
        int status = jdk.tools.jlink.internal.Main.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                "--module-path", jvmci.toString(), "--add-modules", String.join(",", modules),
                "--" + CompilerModule.NAME + "=" + compilerJar, "--generate-cds-archive", "--output", output.toString());
        if (status != 0) {
            System.err.println("w7s: jlink could not link " + output + "; mvn package -Dw7s.aot.skip builds without it"
                    + " (./w7s then starts on this JDK with the compiler on --upgrade-module-path)");
            System.exit(status);
        }
        Files.writeString(stamp, inputs);
        System.out.println("w7s: linked " + output + " with " + compilerJar.getFileName());
    }

    /** The jlink plugin: the run-time image's classes of jdk.graal.compiler out, those of the compiler jar in. */
    static final class CompilerModule implements Plugin {
        static final String NAME = "w7s-graal-compiler";
        private final Path jar;

        CompilerModule(Path jar) {
            this.jar = jar;
        }

        @Override public String getName() { return NAME; }
        @Override public String getDescription() { return "the classes of " + COMPILER + " from a compiler jar"; }
        @Override public boolean hasArguments() { return true; }
        @Override public Category getType() { return Category.FILTER; } // before the plugins that read module-info
        @Override public void configure(Map<String, String> config) { } // the jar came with the constructor

        @Override
        public ResourcePool transform(ResourcePool in, ResourcePoolBuilder out) {
            in.transformAndCopy(e -> e.moduleName().equals(COMPILER) && e.type() == ResourcePoolEntry.Type.CLASS_OR_RESOURCE
                    ? null : e, out); // its legal notices stay
            try (JarFile file = new JarFile(jar.toFile())) {
                for (var e : file.stream().filter(e -> !e.isDirectory() && !e.getName().equals(JarFile.MANIFEST_NAME)).toList()) {
                    out.add(ResourcePoolEntry.create("/" + COMPILER + "/" + e.getName(), file.getInputStream(e).readAllBytes()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.build();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
