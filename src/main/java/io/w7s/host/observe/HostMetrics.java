package io.w7s.host.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.w7s.host.deploy.Deployment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The host's Prometheus metrics, through Micrometer. Labels are bounded: deployments (owner, repo, environment),
 * RPC edges between deployments, status classes, limit names — never paths or other input. Per deployment the
 * meters are created once and kept, so counting a request is a few adds.
 */
final class HostMetrics implements AutoCloseable {
    /** Latency buckets, 1 ms to 30 s: enough for quantiles in PromQL without hundreds of series per deployment. */
    private static final Duration[] BUCKETS = {ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500),
            ms(1000), ms(2500), ms(5000), ms(10_000), ms(30_000)};

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, DeploymentMeters> deployments = new ConcurrentHashMap<>();
    /** By caller, then target: no key to build per call. */
    private final Map<String, Map<String, EdgeMeters>> edges = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Finds a deployment by label, for the gauges that read it (isolates, CPU). */
    private final Function<String, Deployment> current;
    /** The dashboard's windows: each deployment's and edge's meters hold theirs, so a request finds both in one lookup. */
    private final LiveStats live;

    HostMetrics(Function<String, Deployment> current, LiveStats live) {
        this.current = current;
        this.live = live;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    DeploymentMeters deployment(String label) {
        return deployments.computeIfAbsent(label, l -> new DeploymentMeters(DeploymentName.of(l)));
    }

    EdgeMeters edge(String caller, String target) {
        return edges.computeIfAbsent(caller, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(target, t -> new EdgeMeters(DeploymentName.of(caller), DeploymentName.of(target)));
    }

    void deployed(String label, String kind, boolean ok) {
        DeploymentName name = DeploymentName.of(label);
        Counter.builder("w7s.deploys").description("Deploys, reloads and undeploys, by outcome")
                .tags(name.tags()).tag("kind", kind).tag("outcome", ok ? "ok" : "failed")
                .register(registry).increment();
        if (ok && !kind.equals("undeploy")) deployment(label).cpu.follow(current.apply(label));
    }

    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS).register(registry);
    }

    /** One deployment's meters: requests it handled (public and RPC), in flight, fetches, limit trips, isolates, CPU. */
    final class DeploymentMeters {
        final DeploymentName name;
        private final Counter[][] requests = new Counter[2][StatusClass.COUNT];
        private final Timer[] duration = new Timer[2];
        final AtomicInteger inFlight = new AtomicInteger();
        private final Counter[] fetches = new Counter[StatusClass.COUNT];
        private Timer fetchDuration;
        private final Map<String, Counter> limitTrips = new ConcurrentHashMap<>();
        final JsCpu cpu = new JsCpu();
        final LiveWindow live;

        DeploymentMeters(DeploymentName name) {
            this.name = name;
            this.live = HostMetrics.this.live.deployment(name.label());
            Tags tags = name.tags();
            Gauge.builder("w7s.requests.in.flight", inFlight, AtomicInteger::get).description("Requests a deployment is handling now")
                    .tags(tags).register(registry);
            Gauge.builder("w7s.isolates", this, m -> isolates()).description("Isolates running the deployment").tags(tags).register(registry);
            FunctionCounter.builder("w7s.js.cpu", cpu, JsCpu::seconds).baseUnit("seconds")
                    .description("CPU time of the deployment's isolate threads (its JavaScript and the host code it calls)")
                    .tags(tags).register(registry);
        }

        private static String via(int via) {
            return via == 0 ? "public" : "rpc";
        }

        private double isolates() {
            Deployment d = current.apply(name.label());
            return d == null ? 0 : d.isolateCount();
        }

        void request(boolean rpc, int status, long nanos) {
            int via = rpc ? 1 : 0;
            int c = StatusClass.index(status);
            Counter counter = requests[via][c];
            if (counter == null) {
                counter = requests[via][c] = Counter.builder("w7s.requests").description("Requests a deployment handled, by status class")
                        .tags(name.tags()).tag("via", via(via)).tag("status", StatusClass.name(c)).register(registry);
            }
            counter.increment();
            Timer timer = duration[via];
            if (timer == null) { // created with the first request: a deployment nobody calls adds no histogram
                timer = duration[via] = timer("w7s.request.duration", "Time to the response head of requests a deployment handled",
                        name.tags().and("via", via(via)));
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }

        void fetch(int status, long nanos) {
            int c = StatusClass.index(status);
            Counter counter = fetches[c];
            if (counter == null) {
                counter = fetches[c] = Counter.builder("w7s.fetches").description("Outbound fetches a deployment made, by status class")
                        .tags(name.tags()).tag("status", StatusClass.name(c)).register(registry);
            }
            counter.increment();
            if (fetchDuration == null) {
                fetchDuration = timer("w7s.fetch.duration", "Time to the response head of a deployment's outbound fetches", name.tags());
            }
            fetchDuration.record(nanos, TimeUnit.NANOSECONDS);
        }

        void limitTripped(String limit) {
            limitTrips.computeIfAbsent(limit, l -> Counter.builder("w7s.limit.trips").description("Requests stopped by one of the deployment's limits")
                    .tags(name.tags()).tag("limit", l).register(registry)).increment();
        }
    }

    /** One RPC edge's meters: calls from one deployment to another, by status class, and their latency. */
    final class EdgeMeters {
        private final Tags tags;
        private final Counter[] calls = new Counter[StatusClass.COUNT];
        private final Timer duration;
        final LiveWindow live;

        EdgeMeters(DeploymentName caller, DeploymentName target) {
            this.live = HostMetrics.this.live.edge(caller.label(), target.label());
            this.tags = Tags.of("caller", caller.repository(), "target", target.repository(), "environment", target.environment());
            this.duration = timer("w7s.rpc.duration", "Time to the response head of RPC calls, caller → target", tags);
        }

        void call(int status, long nanos) {
            int c = StatusClass.index(status);
            Counter counter = calls[c];
            if (counter == null) {
                counter = calls[c] = Counter.builder("w7s.rpc.calls").description("RPC calls, caller → target, by status class")
                        .tags(tags).tag("status", StatusClass.name(c)).register(registry);
            }
            counter.increment();
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A deployment's JS CPU time across redeploys: what the replaced versions had used when they were replaced, plus
     * the current version's. Never goes down (Prometheus reads a drop as a counter reset).
     */
    static final class JsCpu {
        private long base;
        private Deployment following;
        private double lastSeconds;

        synchronized void follow(Deployment next) {
            if (next == null || next == following) return;
            if (following != null) base += following.cpuNanos();
            following = next;
        }

        synchronized double seconds() {
            long nanos = base + (following == null ? 0 : following.cpuNanos());
            lastSeconds = Math.max(lastSeconds, nanos / 1e9);
            return lastSeconds;
        }
    }
}
