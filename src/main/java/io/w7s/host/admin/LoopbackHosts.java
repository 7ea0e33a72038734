package io.w7s.host.admin;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.http.Status;
import io.w7s.host.web.WebResponse;
import java.util.Locale;

/**
 * A loopback admin listener needs no token, so it answers only requests addressed to a loopback name
 * ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}): a web page whose own host name an attacker re-pointed at
 * 127.0.0.1 (DNS rebinding) sends its own name as {@code Host}, and gets 403 instead of the admin API, the logs or
 * the dashboard. The probes stay open to any name.
 */
final class LoopbackHosts implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (path.equals(AdminApi.HEALTHZ) || path.equals(AdminApi.READYZ) || isLoopback(req.headers().first(HeaderNames.HOST).orElse(""))) {
            chain.proceed();
            return;
        }
        WebResponse refused = WebResponse.error(403, "forbidden_host", "this admin listener answers only requests to localhost, 127.0.0.1 or [::1]");
        res.status(Status.create(403)).header(HeaderNames.CONTENT_TYPE, "application/json").send(refused.body());
    }

    static boolean isLoopback(String hostHeader) {
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 && host.substring(1, end).equals("::1");
        }
        int colon = host.indexOf(':');
        if (colon >= 0) host = host.substring(0, colon);
        return host.equals("localhost") || host.equals("127.0.0.1") || host.endsWith(".localhost");
    }
}
