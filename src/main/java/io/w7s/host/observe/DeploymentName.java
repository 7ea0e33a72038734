package io.w7s.host.observe;

import io.micrometer.core.instrument.Tags;

/** A deployment's label ({@code owner/repo@environment}) split into the metric labels it is known by. */
record DeploymentName(String label, String owner, String repo, String environment) {
    static DeploymentName of(String label) {
        int slash = label.indexOf('/');
        int at = label.lastIndexOf('@');
        if (slash < 0 || at < slash) return new DeploymentName(label, "", label, "");
        return new DeploymentName(label, label.substring(0, slash), label.substring(slash + 1, at), label.substring(at + 1));
    }

    String repository() {
        return owner + "/" + repo;
    }

    Tags tags() {
        return Tags.of("owner", owner, "repo", repo, "environment", environment);
    }
}
