package dev.talon.plugins.exec.bubblewrap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The host uids (and equal gids) sandboxes run as when the platform runs as root: each tenant gets one of them,
 * derived from its id, so every worker sharing the data volume picks the same one without keeping any state.
 * Two tenants may draw the same uid; that only joins their sandboxes' process accounting on the host, since each
 * sandbox sees nothing of the other's files or processes. A range of one uid runs every tenant as that uid.
 *
 * @param first the lowest uid, at least {@link #MIN_UID}
 * @param last  the highest uid, at most {@link #MAX_UID}
 */
record UidRange(long first, long last) {

    /** Below this are the system's own users (daemons, package accounts): a sandbox must never be one of them. */
    static final long MIN_UID = 1000;
    /** uid_t is 32 bits, but Java's file attributes and many tools take a signed int. */
    static final long MAX_UID = Integer.MAX_VALUE - 1;

    UidRange {
        if (first < MIN_UID || last > MAX_UID || first > last) {
            throw new IllegalArgumentException("a uid range must lie within " + MIN_UID + "-" + MAX_UID
                    + ", lowest first: " + first + "-" + last);
        }
    }

    /** {@code FIRST-LAST}, or one uid; empty when it does not parse or lies outside the allowed uids. */
    static Optional<UidRange> parse(String text) {
        String[] parts = text.strip().split("-", -1);
        try {
            if (parts.length == 1) {
                long uid = Long.parseLong(parts[0].strip());
                return Optional.of(new UidRange(uid, uid));
            }
            if (parts.length == 2) {
                return Optional.of(new UidRange(Long.parseLong(parts[0].strip()), Long.parseLong(parts[1].strip())));
            }
        } catch (IllegalArgumentException e) {
            // not numbers, or out of range: reported by the caller
        }
        return Optional.empty();
    }

    /** The tenant's uid: the same on every worker and across restarts. */
    int uidFor(String tenant) {
        long size = last - first + 1;
        return Math.toIntExact(first + Math.floorMod(hash(tenant), size));
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }

    private static long hash(String tenant) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tenant.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
