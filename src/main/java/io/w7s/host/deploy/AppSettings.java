package io.w7s.host.deploy;

import java.util.List;
import java.util.Map;

/**
 * The validated content of an app's {@code w7s.json}; every field is optional in the file.
 *
 * @param main       entry file relative to the app folder, or null
 * @param repository "owner/repo" the folder deploys as, or null
 * @param vars       plain-text variables put into {@code env}
 * @param rpcAllow   owners ("acme") or repositories ("acme/api") allowed to call this app over RPC
 * @param limits     the app's own limits by name ({@link io.w7s.host.isolate.Limits#NAMES}), overriding the host's defaults
 * @param isolates   how many isolates the deployment may run at most, or null for the host's default
 * @param warmup     paths requested (GET) from every new isolate before it serves, so first requests find warm code
 */
public record AppSettings(String main, String repository, Map<String, String> vars, List<String> rpcAllow, Map<String, Long> limits,
                          Integer isolates, List<String> warmup) {
    public static final AppSettings NONE = new AppSettings(null, null, Map.of(), List.of());

    public AppSettings {
        vars = Map.copyOf(vars);
        rpcAllow = List.copyOf(rpcAllow);
        limits = Map.copyOf(limits);
        warmup = List.copyOf(warmup);
    }

    public AppSettings(String main, String repository, Map<String, String> vars, List<String> rpcAllow, Map<String, Long> limits,
                       Integer isolates) {
        this(main, repository, vars, rpcAllow, limits, isolates, List.of());
    }

    public AppSettings(String main, String repository, Map<String, String> vars, List<String> rpcAllow) {
        this(main, repository, vars, rpcAllow, Map.of(), null);
    }
}
