package dev.talon.platform.rest;

import dev.talon.platform.tenant.TenantConfig;
import jakarta.enterprise.context.RequestScoped;

/**
 * The tenant whose key the request carried, set by {@link TenantAuthenticationFilter} before the resource runs.
 * A resource that asks for it on a route without {@link TenantAuthenticated} fails rather than serve anyone.
 */
@RequestScoped
public class AuthenticatedTenant {

    /** The request property that holds the same tenant, for JAX-RS code outside CDI. */
    static final String PROPERTY = "dev.talon.platform.rest.tenant";

    private TenantConfig tenant;

    void set(TenantConfig tenant) {
        this.tenant = tenant;
    }

    TenantConfig get() {
        if (tenant == null) {
            throw new IllegalStateException("no authenticated tenant: the route lacks @TenantAuthenticated");
        }
        return tenant;
    }
}
