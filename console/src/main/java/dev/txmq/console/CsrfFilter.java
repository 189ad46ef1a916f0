package dev.txmq.console;

import java.net.URI;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a state change that a page of another site could have made with the administrator's
 * browser credentials: a POST or DELETE must carry the {@value #HEADER} header (which a cross-site
 * form cannot set, and a cross-site script cannot set without a CORS preflight the console never
 * grants), and an {@code Origin}, when the browser sends one, must be the console's own.
 */
@Provider
@PreMatching // before anything else answers (a 415 for a form's content type, say)
public class CsrfFilter implements ContainerRequestFilter {

    /** The header the console's page sends with every change; scripts send it too. */
    public static final String HEADER = "X-Txmq-Console";

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod())) {
            return;
        }
        String origin = request.getHeaderString("Origin");
        URI self = request.getUriInfo().getBaseUri();
        String selfOrigin = self.getScheme() + "://" + self.getAuthority();
        if (request.getHeaderString(HEADER) == null || origin != null && !origin.equals(selfOrigin)) {
            request.abortWith(ProblemMapper.problem(Response.Status.FORBIDDEN, "Cross-site request refused",
                    "A " + request.getMethod() + " needs the header " + HEADER + ": 1 and, from a browser, the origin "
                    + selfOrigin + " (it came from " + (origin == null ? "no origin" : origin) + ")", request.getUriInfo().getPath()));
        }
    }
}
