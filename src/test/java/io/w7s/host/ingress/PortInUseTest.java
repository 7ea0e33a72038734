package io.w7s.host.ingress;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.w7s.host.Host;
import io.w7s.host.HostConfig;
import io.w7s.host.admin.AdminConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A port another program holds: the host refuses to start and says which port and what to do (it once "listened on port -1"). */
class PortInUseTest {
    @Test
    void aTakenPublicPortStopsTheStartWithAClearReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Host.start(HostConfig.of(List.of()).withPort(taken.getLocalPort())).close());
            assertTrue(e.getMessage().equals("cannot listen on port " + taken.getLocalPort()
                    + " (is another program using it?); choose another with --port N"), e.getMessage());
        }
    }

    @Test
    void aTakenAdminPortStopsTheStartWithAClearReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Host.start(HostConfig.of(List.of()).withPort(0)
                    .withAdmin(new AdminConfig(AdminConfig.LOOPBACK, taken.getLocalPort(), null))).close());
            assertTrue(e.getMessage().startsWith("the admin API cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }
}
