package dev.talon.platform.rest;

import dev.talon.platform.admin.AdminKeys;

/** Checks the admin bearer key: tenant keys never open admin routes. */
final class AdminGuard {

    private AdminGuard() {
    }

    static void authorize(AdminKeys keys, String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(401, "missing_api_key", "send the admin key as 'Authorization: Bearer <key>'");
        }
        String key = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : "";
        if (!keys.accepts(key)) {
            throw new ApiException(401, "invalid_api_key", "the key is not an admin key");
        }
    }
}
