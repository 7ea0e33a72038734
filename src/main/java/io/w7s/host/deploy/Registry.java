package io.w7s.host.deploy;

import io.w7s.host.rpc.RpcToken;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live deployments, found by (environment, owner/repo) for RPC and by public host name for
 * ingress. Reads are lock-free; a swap replaces one entry atomically.
 */
public final class Registry {
    private final Map<String, Deployment> byRepository = new ConcurrentHashMap<>();
    private final Map<String, Deployment> byHost = new ConcurrentHashMap<>();
    private final Map<String, Deployment> byTokenHash = new ConcurrentHashMap<>();

    private static String repositoryKey(String environment, String owner, String repo) {
        return environment + "\n" + owner.toLowerCase(Locale.ROOT) + "/" + repo.toLowerCase(Locale.ROOT);
    }

    /** The deployment of owner/repo (case-insensitive) in exactly this environment, or null. */
    public Deployment find(String environment, String owner, String repo) {
        return byRepository.get(repositoryKey(environment, owner, repo));
    }

    /** The deployment whose current RPC token this is, or null (unknown, or replaced by a redeploy). */
    public Deployment findByToken(String token) {
        return byTokenHash.get(RpcToken.hash(token));
    }

    /** The deployment serving host labels {@code <label>.<owner>} (without the domain), or null. */
    public Deployment findByHostLabels(String labels) {
        return byHost.get(labels);
    }

    /**
     * Installs {@code next}; returns the deployment it replaces (same environment and repository), or null.
     * A different repository whose public host name would be the same is refused.
     */
    synchronized Deployment swap(Deployment next) {
        String host = Names.hostLabels(next.owner(), next.repo(), next.environment());
        Deployment sameHost = byHost.get(host);
        String key = repositoryKey(next.environment(), next.owner(), next.repo());
        Deployment previous = byRepository.get(key);
        if (sameHost != null && sameHost != previous) {
            throw new IllegalStateException(next.label() + " would be served at the same host name as "
                    + sameHost.label() + " (" + host + "); rename one of them");
        }
        byTokenHash.put(RpcToken.hash(next.rpcToken()), next);
        byRepository.put(key, next);
        byHost.put(host, next);
        if (previous != null) byTokenHash.remove(RpcToken.hash(previous.rpcToken()));
        return previous;
    }

    synchronized Deployment remove(String environment, String owner, String repo) {
        Deployment d = byRepository.remove(repositoryKey(environment, owner, repo));
        if (d != null) {
            byHost.remove(Names.hostLabels(owner, repo, environment));
            byTokenHash.remove(RpcToken.hash(d.rpcToken()));
        }
        return d;
    }

    public List<Deployment> all() {
        List<Deployment> list = new ArrayList<>(byRepository.values());
        list.sort(Comparator.comparing(Deployment::environment).thenComparing(Deployment::repository));
        return list;
    }
}
