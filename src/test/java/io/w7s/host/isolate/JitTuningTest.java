package io.w7s.host.isolate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The compiler directives that keep the Graal compiler on C1 are in force once an engine exists. */
class JitTuningTest {
    @Test
    void anEngineKeepsTheGraalCompilerOffC2() throws Exception {
        try (JsEngine engine = new JsEngine()) {
            String directives = String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()}));
            assertTrue(directives.contains("jdk/graal/*.*") && directives.contains("com/oracle/truffle/runtime/*.*"), directives);
            String c2 = directives.substring(directives.indexOf("c2 directives:"));
            assertTrue(c2.contains("Exclude:true"), directives);
        }
    }
}
