package io.w7s.host.isolate;

import com.oracle.truffle.api.ThreadLocalAction;
import com.oracle.truffle.api.TruffleContext;
import com.oracle.truffle.api.instrumentation.ContextsListener;
import com.oracle.truffle.api.instrumentation.TruffleInstrument;
import com.oracle.truffle.api.nodes.LanguageInfo;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The two things community edition can do for limits only from inside Truffle, reached through a
 * tiny instrument: measure the heap a context retains ({@code calculateContextHeapSize}, a graph walk
 * that needs the JIT runtime), and run an action on an isolate's thread at its next safepoint
 * ({@code submitThreadLocal}), which lets the host stop exactly one runaway task. Registered by
 * {@link LimitsInstrumentProvider}; the host gets the {@link Service} with {@code Instrument.lookup}.
 */
public final class LimitsInstrument extends TruffleInstrument {
    public static final String ID = "w7s-limits";

    @Override
    protected void onCreate(Env env) {
        Service service = new Service(env);
        env.registerService(service);
        env.getInstrumenter().attachContextsListener(service, false);
    }

    /** What the host calls; the TruffleContext of a new polyglot Context is known on the thread that built it. */
    public static final class Service implements ContextsListener {
        private final Env env;
        private final ThreadLocal<TruffleContext> lastCreated = new ThreadLocal<>();

        Service(Env env) {
            this.env = env;
        }

        /** The context the calling thread built last (call right after {@code Context.Builder.build()}). */
        TruffleContext lastCreatedHere() {
            return lastCreated.get();
        }

        /** Bytes retained by {@code context}, counting stops a little past {@code stopAtBytes}. */
        long heapSize(TruffleContext context, long stopAtBytes, AtomicBoolean cancelled) {
            return env.calculateContextHeapSize(context, stopAtBytes, cancelled);
        }

        /** Runs {@code action} on {@code thread} at its next safepoint in {@code context} (dropped if it is not in it). */
        Future<Void> runOn(TruffleContext context, Thread thread, ThreadLocalAction action) {
            return env.submitThreadLocal(context, new Thread[] {thread}, action);
        }

        @Override
        public void onContextCreated(TruffleContext context) {
            lastCreated.set(context);
        }

        @Override
        public void onLanguageContextCreated(TruffleContext context, LanguageInfo language) {
        }

        @Override
        public void onLanguageContextInitialized(TruffleContext context, LanguageInfo language) {
        }

        @Override
        public void onLanguageContextFinalized(TruffleContext context, LanguageInfo language) {
        }

        @Override
        public void onLanguageContextDisposed(TruffleContext context, LanguageInfo language) {
        }

        @Override
        public void onContextClosed(TruffleContext context) {
        }
    }
}
