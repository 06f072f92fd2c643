package dev.talon.platform.rest;

/** The key in an {@code Authorization: Bearer <key>} header. */
final class BearerKey {

    private BearerKey() {
    }

    static boolean missing(String authorization) {
        return authorization == null || authorization.isBlank();
    }

    /** The key, or "" when the header uses another scheme (no key matches ""). */
    static String of(String authorization) {
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : "";
    }
}
