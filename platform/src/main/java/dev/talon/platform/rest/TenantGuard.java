package dev.talon.platform.rest;

import dev.talon.platform.tenant.ApiKeys;
import dev.talon.platform.tenant.Ids;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;

/** Finds the tenant a route names and checks the caller's bearer key against the tenant's key hashes. */
final class TenantGuard {

    private TenantGuard() {
    }

    static TenantConfig authorize(TenantStore tenants, String tenantId, String authorization) {
        TenantConfig tenant = Ids.isValid(tenantId) ? tenants.find(tenantId).orElse(null) : null;
        if (tenant == null) {
            throw new ApiException(404, "tenant_not_found", "no tenant '" + printable(tenantId) + "'");
        }
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(401, "missing_api_key", "send the tenant's key as 'Authorization: Bearer <key>'");
        }
        String key = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : "";
        if (!ApiKeys.matches(tenant.apiKeys(), key)) {
            throw new ApiException(401, "invalid_api_key", "the API key is not valid for tenant '" + tenantId + "'");
        }
        return tenant;
    }

    /** Ids echoed in errors: cut and stripped of control characters. */
    static String printable(String id) {
        if (id == null) {
            return "";
        }
        String cut = id.length() > 64 ? id.substring(0, 64) + "..." : id;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
