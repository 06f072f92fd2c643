package dev.talon.platform.rest;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Checks the admin bearer key on {@link AdminAuthenticated} routes: tenant keys never open them. */
@Provider
@AdminAuthenticated
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminAuthenticationFilter implements ContainerRequestFilter {

    private final AdminKeys keys;

    @Inject
    public AdminAuthenticationFilter(AdminKeys keys) {
        this.keys = keys;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (BearerKey.missing(authorization)) {
            throw new ApiException(401, "missing_api_key", "send the admin key as 'Authorization: Bearer <key>'");
        }
        if (!keys.accepts(BearerKey.of(authorization))) {
            throw new ApiException(401, "invalid_api_key", "the key is not an admin key");
        }
    }
}
