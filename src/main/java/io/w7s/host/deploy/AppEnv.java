package io.w7s.host.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The string bindings of one deployment's {@code env}, from four sources; a later one wins a name:
 * w7s.json {@code vars}, then {@code .dev.vars}, then the host's {@code W7S_SECRET_*} environment,
 * then the platform's {@code W7S_*} names. Whoever deploys decides over what is checked in, and the
 * platform's names cannot be shadowed at all. Only declared names get in, never the host's whole environment.
 */
final class AppEnv {
    private static final Logger LOG = Logger.getLogger(AppEnv.class.getName());

    private final Map<String, String> strings = new LinkedHashMap<>();
    /** Where each name's value came from ("w7s.json vars", a Secret's source), for the who-wins log line. */
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final Map<String, Secret> secrets = new LinkedHashMap<>(); // the winners that are secrets
    private final String label;

    private AppEnv(String label) {
        this.label = label;
    }

    static AppEnv build(AppFolder app, String environment, String token, HostSecrets hostSecrets) throws DeployException {
        AppEnv env = new AppEnv(DeploymentLabel.of(app.repository(), environment));
        for (var v : app.settings().vars().entrySet()) {
            if (v.getKey().startsWith("W7S_")) {
                throw new DeployException(app.root().resolve("w7s.json") + ": vars." + v.getKey()
                        + ": names starting with W7S_ are reserved for the platform's bindings");
            }
            env.put(v.getKey(), v.getValue(), "w7s.json vars." + v.getKey());
        }
        for (Secret s : DevVarsFile.read(app.root()).values()) { // refuses W7S_ names itself, with the line
            env.putSecret(s);
        }
        for (Secret s : hostSecrets.forApp(app.owner(), app.repo()).values()) {
            if (s.name().startsWith("W7S_")) {
                throw new DeployException(app.repository() + ": " + s.source()
                        + ": names starting with W7S_ are reserved for the platform's bindings");
            }
            env.putSecret(s);
        }
        env.strings.put("W7S_OWNER", app.owner());
        env.strings.put("W7S_REPO", app.repo());
        env.strings.put("W7S_REPOSITORY", app.repository());
        env.strings.put("W7S_ENVIRONMENT", environment);
        env.strings.put("W7S_RPC_TOKEN", token);
        return env;
    }

    /** Name to value, what the isolate's {@code env} gets. */
    Map<String, String> strings() {
        return strings;
    }

    /** The names whose values a log must never show: the secrets, and the RPC token (a credential too, printed by a {@code console.log(env)}). */
    Set<String> secretNames() {
        Set<String> names = new java.util.HashSet<>(secrets.keySet());
        names.add("W7S_RPC_TOKEN");
        return Set.copyOf(names);
    }

    private void putSecret(Secret s) {
        put(s.name(), s.value(), "the secret from " + s.source());
        secrets.put(s.name(), s);
    }

    private void put(String name, String value, String origin) {
        String shadowed = origins.put(name, origin);
        if (shadowed != null) {
            secrets.remove(name);
            LOG.info(label + ": env." + name + ": " + origin + " wins over " + shadowed); // names only, never values
        }
        strings.put(name, value);
    }
}
