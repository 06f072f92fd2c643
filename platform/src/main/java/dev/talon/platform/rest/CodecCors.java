package dev.talon.platform.rest;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Lets the Temporal UI, a page of another origin, call the codec routes from the browser: only origins listed in
 * {@code talon.history.codec-cors-origins} (none by default; {@code bin/talon up} lists its UI) get CORS headers,
 * and their preflight is answered here, before authentication (a browser sends no key with it). The routes
 * themselves still want the admin key.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
@ApplicationScoped
public class CodecCors implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String ORIGIN = "Origin";

    private final List<String> origins;

    @Inject
    public CodecCors(Config config) {
        this.origins = config.getOptionalValues("talon.history.codec-cors-origins", String.class).orElse(List.of())
                .stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!codecRoute(request) || !HttpMethod.OPTIONS.equals(request.getMethod())) {
            return;
        }
        String origin = request.getHeaderString(ORIGIN);
        if (origin == null || !origins.contains(origin)) {
            request.abortWith(Json.error(403, "origin_not_allowed", "this origin may not call the codec; list it "
                    + "in talon.history.codec-cors-origins"));
            return;
        }
        request.abortWith(Response.noContent()
                .header("Access-Control-Allow-Methods", "POST, OPTIONS")
                .header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Namespace")
                .header("Access-Control-Max-Age", "600")
                .build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString(ORIGIN);
        if (codecRoute(request) && origin != null && origins.contains(origin)) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
            response.getHeaders().putSingle("Access-Control-Allow-Credentials", "true");
            response.getHeaders().add("Vary", ORIGIN);
        }
    }

    private static boolean codecRoute(ContainerRequestContext request) {
        return request.getUriInfo().getPath().replaceFirst("^/", "").startsWith("v1/codec/");
    }
}
