package io.w7s.host.isolate;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Shortens the JIT's warm-up: the Graal compiler that compiles JavaScript is itself Java bytecode
 * ("jargraal") that HotSpot must compile before it compiles quickly, and on one or two cores C2
 * compiling that large code base competes with the app for most of a minute. A HotSpot compiler
 * directive keeps the compiler's classes (and JVMCI's and the Truffle runtime's) on C1: compiled
 * sooner and cheaply, into somewhat slower code, which only makes JavaScript compile a little slower;
 * the host, Helidon and GraalJS's interpreter still get C2. Measured in BENCHMARKS.md ("Warm-up
 * curve"): hello on one core serves about twice the requests in its first 30 s, same steady state.
 *
 * <p>Installed once per JVM through the DiagnosticCommand MBean (what {@code jcmd Compiler.directives_add}
 * uses), so it needs no JVM flag, prints nothing, and applies however the host is started; a JVM
 * started with {@code -Dw7s.jit-tuning=false} keeps HotSpot's defaults. The directives file
 * ({@code graal-on-c1.json} beside this class) must stay free of comments: HotSpot's parser rejects some.
 */
final class JitTuning {
    private static final Logger LOG = Logger.getLogger(JitTuning.class.getName());
    private static final String DIRECTIVES = "graal-on-c1.json";
    private static boolean installed;

    private JitTuning() {
    }

    /** Adds the directives unless done already or turned off; before the engine compiles anything. */
    static synchronized void install() {
        if (installed || "false".equals(System.getProperty("w7s.jit-tuning"))) {
            return;
        }
        installed = true;
        Path file = null;
        try (InputStream in = JitTuning.class.getResourceAsStream(DIRECTIVES)) {
            file = Files.createTempFile("w7s-compiler-directives", ".json"); // the command reads a file
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            LOG.fine(() -> "compiler directives: " + String.valueOf(answer).strip());
        } catch (IOException | JMException | RuntimeException e) {
            // Only warm-up is slower without them: say so and go on.
            LOG.log(Level.WARNING, "could not add the compiler directives that shorten the JIT's warm-up: " + e, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }
}
