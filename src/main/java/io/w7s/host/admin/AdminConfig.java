package io.w7s.host.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where the admin API listens and who may use it.
 *
 * @param bind      address to bind (default loopback: only this machine can reach it)
 * @param port      TCP port (0 picks a free one)
 * @param tokenFile a file holding the admin token, or null: then a loopback listener needs no token and
 *                  any other listener gets a token generated at start ({@link AdminToken})
 */
public record AdminConfig(String bind, int port, Path tokenFile) {
    public static final String LOOPBACK = "127.0.0.1";

    /** The admin port when none is given: the public port + 1 (a free port when the public one is picked freely). */
    public static int defaultPort(int publicPort) {
        return publicPort == 0 ? 0 : publicPort + 1;
    }

    public boolean loopback() {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
