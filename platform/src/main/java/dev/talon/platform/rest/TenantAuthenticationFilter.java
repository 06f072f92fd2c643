package dev.talon.platform.rest;

import dev.talon.platform.tenant.ApiKeys;
import dev.talon.platform.tenant.Ids;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Finds the tenant a {@link TenantAuthenticated} route names and checks the caller's bearer key against the
 * tenant's key hashes, before the resource reads anything: an unknown tenant is 404, a missing or wrong key 401.
 */
@Provider
@TenantAuthenticated
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class TenantAuthenticationFilter implements ContainerRequestFilter {

    /** The path parameter every tenant route names its tenant with. */
    static final String TENANT_PARAM = "tenant";

    private final TenantStore tenants;
    private final AuthenticatedTenant caller;

    @Inject
    public TenantAuthenticationFilter(TenantStore tenants, AuthenticatedTenant caller) {
        this.tenants = tenants;
        this.caller = caller;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        TenantConfig tenant = authorize(request.getUriInfo().getPathParameters().getFirst(TENANT_PARAM),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
        request.setProperty(AuthenticatedTenant.PROPERTY, tenant);
        caller.set(tenant);
    }

    private TenantConfig authorize(String tenantId, String authorization) {
        TenantConfig tenant = Ids.isValid(tenantId) ? tenants.find(tenantId).orElse(null) : null;
        if (tenant == null) {
            throw new ApiException(404, "tenant_not_found", "no tenant '" + ErrorText.printable(tenantId) + "'");
        }
        if (BearerKey.missing(authorization)) {
            throw new ApiException(401, "missing_api_key", "send the tenant's key as 'Authorization: Bearer <key>'");
        }
        if (!ApiKeys.matches(tenant.apiKeys(), BearerKey.of(authorization))) {
            throw new ApiException(401, "invalid_api_key", "the API key is not valid for tenant '" + tenantId + "'");
        }
        return tenant;
    }
}
