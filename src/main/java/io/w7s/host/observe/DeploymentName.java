package io.w7s.host.observe;

import io.micrometer.core.instrument.Tags;
import io.w7s.host.deploy.DeploymentLabel;

/** A deployment's label ({@code owner/repo@environment}) split into the metric labels it is known by. */
record DeploymentName(String label, String owner, String repo, String environment) {
    static DeploymentName of(String label) {
        DeploymentLabel l = DeploymentLabel.parse(label);
        return l == null ? new DeploymentName(label, "", label, "") : new DeploymentName(label, l.owner(), l.repo(), l.environment());
    }

    String repository() {
        return owner + "/" + repo;
    }

    Tags tags() {
        return Tags.of("owner", owner, "repo", repo, "environment", environment);
    }
}
