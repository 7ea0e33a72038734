package io.w7s.host.deploy;

/** A deployment's label, {@code owner/repo@environment}: written by {@link #of}, taken apart by {@link #parse}. */
public record DeploymentLabel(String owner, String repo, String environment) {
    /** The label of {@code repository} ({@code owner/repo}) in {@code environment}. */
    public static String of(String repository, String environment) {
        return repository + "@" + environment;
    }

    /** The parts of {@code label}, or null when it is not a deployment label (e.g. a folder a readiness entry names). */
    public static DeploymentLabel parse(String label) {
        int slash = label.indexOf('/');
        int at = slash < 0 ? -1 : label.indexOf('@', slash); // owners and repos hold neither '/' nor '@'
        if (slash <= 0 || at <= slash + 1 || at == label.length() - 1) return null;
        return new DeploymentLabel(label.substring(0, slash), label.substring(slash + 1, at), label.substring(at + 1));
    }
}
