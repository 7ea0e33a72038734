package io.w7s.host.admin;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.w7s.host.web.WebResponse;

/**
 * Who may use an admin listener that has a token: every request needs {@code authorization: Bearer <token>}, except
 * the probes ({@code /healthz}, {@code /readyz}) and the dashboard's reads, which a browser may make with the
 * {@value #COOKIE} cookie instead. A browser gets that cookie by opening {@code /?token=<token>} once: it is HttpOnly
 * (no script reads it) and SameSite=Strict (no other site's page sends it), it holds a value derived from the token
 * ({@link AdminToken#dashboardCookie}), not the token, and it opens only the dashboard, never the admin API.
 */
final class AdminAccess implements Filter {
    static final String COOKIE = "w7s_admin";

    private final AdminToken token;

    AdminAccess(AdminToken token) {
        this.token = token;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (path.equals(AdminApi.HEALTHZ) || path.equals(AdminApi.READYZ)
                || token.accepts(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))) {
            chain.proceed();
            return;
        }
        if (Dashboard.isDashboard(req)) {
            if (token.acceptsDashboardCookie(req.headers().cookies().first(COOKIE).orElse(null))) {
                chain.proceed();
                return;
            }
            if (path.equals(Dashboard.PAGE) && token.matches(req.query().first("token").orElse(null))) {
                // The token leaves the address bar (and the history) at once; the cookie carries it from now on.
                res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, Dashboard.PAGE)
                        .header(HeaderNames.SET_COOKIE, COOKIE + "=" + token.dashboardCookie() + "; Path=/; HttpOnly; SameSite=Strict")
                        .header(HeaderNames.CACHE_CONTROL, "no-store").send();
                return;
            }
        }
        WebResponse denied = WebResponse.error(401, "unauthorized", Dashboard.isDashboard(req)
                ? "open the dashboard as /?token=<admin token> (the token is in " + token.file() + " on the host)"
                : "send authorization: Bearer <admin token> (the token is in " + token.file() + " on the host)");
        res.status(Status.create(denied.status())).header(HeaderNames.CONTENT_TYPE, "application/json").send(denied.body());
    }
}
