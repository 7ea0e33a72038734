package io.w7s.host.deploy;

/**
 * Problem with an app folder's configuration. The message names the file and key and says why, e.g.
 * {@code apps/x/w7s.json: rpc.allow[1]: 'acme/' is not a GitHub owner or owner/repo}.
 */
public final class DeployException extends Exception {
    public DeployException(String message) {
        super(message);
    }
}
