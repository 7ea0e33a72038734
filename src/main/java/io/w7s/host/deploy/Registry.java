package io.w7s.host.deploy;

import io.w7s.host.rpc.RpcToken;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live deployments: one stable {@link Service} per (environment, owner/repo), found by name for
 * RPC and by public host name for ingress, and the deployment behind each RPC token. Reads are
 * lock-free; a swap replaces a service's deployment atomically.
 */
public final class Registry {
    private final Map<String, Service> byRepository = new ConcurrentHashMap<>();
    private final Map<String, Service> byHost = new ConcurrentHashMap<>();
    private final Map<String, Deployment> byTokenHash = new ConcurrentHashMap<>();

    private static String repositoryKey(String environment, String owner, String repo) {
        return environment + "\n" + owner.toLowerCase(Locale.ROOT) + "/" + repo.toLowerCase(Locale.ROOT);
    }

    /** The service of owner/repo (case-insensitive) in exactly this environment, or null. */
    public Service service(String environment, String owner, String repo) {
        return byRepository.get(repositoryKey(environment, owner, repo));
    }

    /** The deployment of owner/repo (case-insensitive) in exactly this environment, or null. */
    public Deployment find(String environment, String owner, String repo) {
        Service s = service(environment, owner, repo);
        return s == null ? null : s.current();
    }

    /** The deployment whose current RPC token this is, or null (unknown, or replaced by a redeploy). */
    public Deployment findByToken(String token) {
        return byTokenHash.get(RpcToken.hash(token));
    }

    /** The service at host labels {@code <label>.<owner>} (without the domain), or null. */
    public Service serviceByHostLabels(String labels) {
        return byHost.get(labels);
    }

    /**
     * Announces (environment, owner/repo) before its first deployment has loaded: its host name is
     * taken and callers find a {@link Service#isLoading() loading} service. Returns that service.
     */
    synchronized Service reserve(String environment, String owner, String repo) {
        String key = repositoryKey(environment, owner, repo);
        Service existing = byRepository.get(key);
        if (existing != null) return existing;
        String host = Names.hostLabels(owner, repo, environment);
        String label = DeploymentLabel.of(owner + "/" + repo, environment);
        refuseSameHost(host, null, label);
        Service service = Service.loading(environment, label);
        byRepository.put(key, service);
        byHost.put(host, service);
        return service;
    }

    /** The first deployment of a reserved service failed: the name is free again. */
    synchronized void abandon(String environment, String owner, String repo) {
        String key = repositoryKey(environment, owner, repo);
        Service service = byRepository.get(key);
        if (service == null || service.current() != null) return;
        byRepository.remove(key);
        byHost.remove(Names.hostLabels(owner, repo, environment), service);
        service.abandon();
    }

    /**
     * Installs {@code next}; returns the deployment it replaces (same environment and repository), or null.
     * A different repository whose public host name would be the same is refused.
     */
    synchronized Deployment swap(Deployment next) {
        String host = Names.hostLabels(next.owner(), next.repo(), next.environment());
        String key = repositoryKey(next.environment(), next.owner(), next.repo());
        Service service = byRepository.get(key);
        refuseSameHost(host, service, next.label());
        byTokenHash.put(RpcToken.hash(next.rpcToken()), next);
        Deployment previous = null;
        if (service == null) {
            service = new Service(next.environment(), next);
            byRepository.put(key, service);
            byHost.put(host, service);
        } else {
            previous = service.current();
            service.replace(next);
        }
        if (previous != null) byTokenHash.remove(RpcToken.hash(previous.rpcToken()));
        return previous;
    }

    /** Two repositories cannot share a public host name: {@code label} may take {@code host} only if it is free or its own {@code service}'s. */
    private void refuseSameHost(String host, Service service, String label) {
        Service sameHost = byHost.get(host);
        if (sameHost != null && sameHost != service) {
            throw new IllegalStateException(label + " would be served at the same host name as " + sameHost + " (" + host
                    + "); rename one of them");
        }
    }

    synchronized Deployment remove(String environment, String owner, String repo) {
        Service service = byRepository.remove(repositoryKey(environment, owner, repo));
        if (service == null) return null;
        byHost.remove(Names.hostLabels(owner, repo, environment));
        Deployment d = service.current();
        service.replace(null);
        if (d != null) byTokenHash.remove(RpcToken.hash(d.rpcToken()));
        return d;
    }

    public List<Deployment> all() {
        List<Deployment> list = new ArrayList<>();
        for (Service s : byRepository.values()) {
            Deployment d = s.current();
            if (d != null) list.add(d);
        }
        list.sort(Comparator.comparing(Deployment::environment).thenComparing(Deployment::repository));
        return list;
    }
}
