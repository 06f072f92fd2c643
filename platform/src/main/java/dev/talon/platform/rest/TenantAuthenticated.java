package dev.talon.platform.rest;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes of one tenant, {@code /v1/tenants/{tenant}/...}: {@link TenantAuthenticationFilter} lets a request in only
 * with one of that tenant's keys, and hands the tenant to the resource as {@link AuthenticatedTenant}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TenantAuthenticated {
}
