package io.w7s.host.cli;

import io.w7s.host.Host;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM/SIGINT stop the host within a bounded time whatever the apps do: the first signal starts a
 * graceful stop ({@link Host#close()}: stop accepting, drain for the grace period, cancel the rest)
 * and exits; a second signal, or the grace period running out with something still stuck, exits at once.
 */
final class Shutdown {
    private static final Logger LOG = Logger.getLogger(Shutdown.class.getName());
    /** Beyond the grace period: time to cancel contexts and close the engine before the process is halted. */
    private static final Duration CLEANUP = Duration.ofSeconds(5);

    private Shutdown() {
    }

    static void onSignals(Host host, Duration grace) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (!stopping.compareAndSet(false, true)) {
                    LOG.warning("second SIG" + name + ": exiting now");
                    Runtime.getRuntime().halt(128 + signal.getNumber());
                }
                LOG.info("SIG" + name + ": stopping (up to " + grace.toSeconds() + " s for requests in flight; signal again to exit now)");
                Thread.ofPlatform().daemon().name("w7s-shutdown-deadline").start(() -> {
                    sleep(grace.plus(CLEANUP));
                    LOG.warning("the host did not stop within " + grace.plus(CLEANUP).toSeconds() + " s: exiting now");
                    Runtime.getRuntime().halt(1);
                });
                Thread.ofPlatform().name("w7s-shutdown").start(() -> {
                    host.close();
                    LOG.info("stopped");
                    System.exit(0);
                });
            });
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
