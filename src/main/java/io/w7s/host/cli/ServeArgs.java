package io.w7s.host.cli;

import io.w7s.host.AppSource;
import io.w7s.host.HostConfig;
import io.w7s.host.admin.AdminConfig;
import io.w7s.host.deploy.IsolatePool;
import io.w7s.host.deploy.Names;
import io.w7s.host.isolate.Inspector;
import io.w7s.host.manifest.ManifestConfig;
import io.w7s.host.isolate.Limits;
import io.w7s.host.module.CompileCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code serve [DIR...] [--env NAME DIR...]... [--repo OWNER/REPO DIR] [--port N] [--domain D] [--max-body-size BYTES] [--rpc-timeout S] [--inspect[=PORT]] ...}
 * (all options: {@link #USAGE}).
 * Folders before any {@code --env} go to production; {@code --env NAME} sets the environment of the folders after it.
 * {@code --log-format} is the command line's own business, not the host's: it comes back beside the {@link HostConfig}.
 */
final class ServeArgs {
    static final String USAGE = """
            Usage: w7s serve [DIR...] [--env NAME DIR...]... [options]

              DIR                 an app folder, or a folder of <owner>/<repo> app folders
              --env NAME          deploy the folders that follow into environment NAME (default: production)
              --repo OWNER/REPO   deploy the next DIR as this repository
              --port N            public HTTP port (default 8080; 0 picks a free port)
              --domain D          public domain (default localhost): apps answer at <repo>.<owner>.D
              --max-body-size N   largest request body in bytes (default 10485760); larger gets 413
              --rpc-timeout S     seconds an RPC caller waits for its target (default 30), then 504
              --limit NAME=VALUE  a default limit of every deployment (w7s.json "limits" may choose others):
                                  cpu_ms (JS CPU per request, default 2000), wall_ms (per request, default 30000),
                                  memory_mb (per isolate, default 128), subrequests (per request, default 1000)
              --isolates N        isolates one deployment may run, started when the running ones are busy
                                  (default: one per core, %d here; w7s.json "isolates" may choose 1 to %d)
              --shutdown-grace S  seconds a stopping host lets requests finish (default 10); a second SIGTERM exits at once
              --cache-dir DIR     where compiled TypeScript is kept between runs (default $XDG_CACHE_HOME/w7s/compiled,
                                  else ~/.cache/w7s/compiled); safe to delete
              --no-compile-cache  compile every file at start-up, keep nothing on disk
              --admin-port N      port of the admin API (w7s deploy, ls, undeploy; default: the public port + 1)
              --admin-bind ADDR   address of the admin API (default 127.0.0.1); any other address needs a token
              --admin-token-file F  the admin token, in file F; without it a non-loopback admin API writes a new
                                  token to $XDG_STATE_HOME/w7s/admin-token (else ~/.local/state/w7s/admin-token)
              --no-admin          no admin API
              --no-metrics        count nothing for /metrics and the dashboard (tracing: the OTEL_* variables)
              --manifest F|URL    also serve what this manifest lists (docs/scale-out.md), and converge when it changes
              --manifest-poll S   how often the manifest is read again (default 5)
              --inspect[=PORT]    Chrome DevTools inspector on 127.0.0.1:PORT (default 9229) for every deployment,
                                  each with one isolate; open chrome://inspect or the devtools:// URL logged per deployment
              --log-format F      text (default: lines for people) or json (one JSON object per line, for log collectors)
              --access-log        a log line per public request and per RPC call (w7s dev: on; --no-access-log turns it off)

            Example: w7s serve apps --env feature-x branch-apps
            """.formatted(IsolatePool.perCore(), IsolatePool.MAX_ISOLATES);

    private ServeArgs() {
    }

    /** What {@code serve} and {@code dev} run: the host's configuration, and the log's format. */
    record Options(HostConfig config, LogOutput.Format logFormat) {
    }

    /** The options of {@code w7s serve}. */
    static HostConfig parse(List<String> args) throws UsageException {
        return options(args, false).config();
    }

    /** @param dev {@code w7s dev}: development mode, and its access log unless {@code --no-access-log} */
    static Options options(List<String> args, boolean dev) throws UsageException {
        int port = HostConfig.DEFAULT_PORT;
        String domain = HostConfig.DEFAULT_DOMAIN;
        long maxBody = HostConfig.DEFAULT_MAX_BODY_BYTES;
        long rpcTimeoutSeconds = HostConfig.DEFAULT_RPC_TIMEOUT.toSeconds();
        String environment = Names.PRODUCTION;
        String repository = null;
        java.util.Map<String, Long> limits = new java.util.LinkedHashMap<>();
        long graceSeconds = HostConfig.DEFAULT_SHUTDOWN_GRACE.toSeconds();
        int isolates = IsolatePool.perCore();
        List<AppSource> apps = new ArrayList<>();
        Path cacheDir = null;
        boolean compileCache = true;
        Integer adminPort = null;
        String adminBind = AdminConfig.LOOPBACK;
        Path adminTokenFile = null;
        boolean admin = true;
        boolean metrics = true;
        String manifest = null;
        Long manifestPoll = null;
        Inspector inspector = null;
        LogOutput.Format logFormat = LogOutput.Format.TEXT;
        Boolean accessLog = null; // as the mode says
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--env" -> {
                    environment = value(args, ++i, arg);
                    try {
                        Names.checkEnvironment(environment);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--env: " + e.getMessage());
                    }
                }
                case "--repo" -> repository = value(args, ++i, arg);
                case "--port" -> port = (int) number(value(args, ++i, arg), arg, 0, 65535);
                case "--domain" -> domain = value(args, ++i, arg);
                case "--max-body-size" -> maxBody = number(value(args, ++i, arg), arg, 0, Integer.MAX_VALUE - 8);
                case "--rpc-timeout" -> rpcTimeoutSeconds = number(value(args, ++i, arg), arg, 1, 3600);
                case "--isolates" -> isolates = (int) number(value(args, ++i, arg), arg, 1, IsolatePool.MAX_ISOLATES);
                case "--shutdown-grace" -> graceSeconds = number(value(args, ++i, arg), arg, 0, 3600);
                case "--cache-dir" -> cacheDir = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--no-compile-cache" -> compileCache = false;
                case "--admin-port" -> adminPort = (int) number(value(args, ++i, arg), arg, 0, 65535);
                case "--admin-bind" -> adminBind = value(args, ++i, arg);
                case "--admin-token-file" -> adminTokenFile = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--no-admin" -> admin = false;
                case "--no-metrics" -> metrics = false;
                case "--manifest" -> manifest = value(args, ++i, arg);
                case "--manifest-poll" -> manifestPoll = number(value(args, ++i, arg), arg, 1, 3600);
                case "--inspect" -> inspector = new Inspector(Inspector.DEFAULT_PORT);
                case "--log-format" -> {
                    String v = value(args, ++i, arg);
                    logFormat = LogOutput.Format.of(v);
                    if (logFormat == null) throw new UsageException("--log-format: '" + v + "' is not one of " + LogOutput.Format.names());
                }
                case "--access-log", "--no-access-log" -> {
                    boolean on = arg.equals("--access-log");
                    if (accessLog != null && accessLog != on) throw new UsageException("--access-log and --no-access-log contradict each other; give one");
                    accessLog = on;
                }
                case "--limit" -> {
                    String v = value(args, ++i, arg);
                    int eq = v.indexOf('=');
                    if (eq < 0 || !Limits.NAMES.contains(v.substring(0, eq))) {
                        throw new UsageException("--limit: '" + v + "' is not NAME=VALUE with NAME one of " + String.join(", ", Limits.NAMES));
                    }
                    limits.put(v.substring(0, eq), number(v.substring(eq + 1), "--limit " + v.substring(0, eq), 1, Limits.MAXIMUMS.get(v.substring(0, eq))));
                }
                default -> {
                    if (arg.startsWith("--inspect=")) {
                        inspector = new Inspector((int) number(arg.substring("--inspect=".length()), "--inspect", 1, 65535));
                        continue;
                    }
                    if (arg.startsWith("-")) throw new UsageException("unknown option " + arg);
                    apps.add(new AppSource(Path.of(arg).toAbsolutePath().normalize(), environment, repository));
                    repository = null;
                }
            }
        }
        if (repository != null) throw new UsageException("--repo " + repository + " must be followed by the DIR it names");
        if (apps.isEmpty() && manifest == null) throw new UsageException("no app folder given (or --manifest FILE-or-URL)");
        if (manifestPoll != null && manifest == null) throw new UsageException("--manifest-poll needs --manifest");
        if (!compileCache && cacheDir != null) throw new UsageException("--cache-dir and --no-compile-cache contradict each other; give one");
        if (!admin && (adminPort != null || adminTokenFile != null)) throw new UsageException("--no-admin contradicts the other --admin options");
        if (adminPort != null && adminPort != 0 && adminPort == port) throw new UsageException("--admin-port: " + port + " is the public port");
        AdminConfig adminConfig = !admin ? null
                : new AdminConfig(adminBind, adminPort != null ? adminPort : AdminConfig.defaultPort(port), adminTokenFile);
        HostConfig config = new HostConfig(port, domain, maxBody, apps, java.time.Duration.ofSeconds(rpcTimeoutSeconds),
                Limits.DEFAULTS.with(limits, Limits.MAXIMUMS), java.time.Duration.ofSeconds(graceSeconds), io.w7s.host.ingress.EdgeLimits.DEFAULTS,
                !compileCache ? null : cacheDir != null ? cacheDir : CompileCache.defaultDir(), isolates, adminConfig, false,
                io.w7s.host.deploy.HostSecrets.fromProcess(), inspector, telemetry(metrics),
                manifest == null ? null : new ManifestConfig(manifest,
                        manifestPoll != null ? java.time.Duration.ofSeconds(manifestPoll) : ManifestConfig.DEFAULT_POLL,
                        (cacheDir != null ? cacheDir : CompileCache.defaultDir()).resolveSibling("bundles")), false).withDev(dev);
        return new Options(accessLog == null ? config : config.withAccessLog(accessLog), logFormat);
    }

    private static io.w7s.host.observe.TelemetryConfig telemetry(boolean metrics) {
        io.w7s.host.observe.TelemetryConfig process = io.w7s.host.observe.TelemetryConfig.fromProcess();
        return new io.w7s.host.observe.TelemetryConfig(metrics, process.otel());
    }

    private static String value(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) throw new UsageException(option + " needs a value");
        return args.get(i);
    }

    private static long number(String text, String option, long min, long max) throws UsageException {
        try {
            long n = Long.parseLong(text);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + text + "' is not a number between " + min + " and " + max);
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
