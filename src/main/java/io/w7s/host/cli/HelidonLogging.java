package io.w7s.host.cli;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that java.util.logging is configured already ({@link LogOutput}): without a provider Helidon
 * prints "There is no Helidon logging implementation on classpath" straight to stderr, a line that is
 * no log record (and no JSON line). Found by Helidon's ServiceLoader (META-INF/services).
 */
public final class HelidonLogging implements LoggingProvider {
    @Override
    public void initialization() {
    }

    @Override
    public void runTime() {
    }
}
