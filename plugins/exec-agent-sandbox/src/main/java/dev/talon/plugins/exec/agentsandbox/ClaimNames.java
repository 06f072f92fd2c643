package dev.talon.plugins.exec.agentsandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SandboxClaim name of a session: {@code talon-<tenant>-<session>-<hash>}, lower case, at most 63 characters.
 *
 * <p>The controller reuses the claim name for the Sandbox and its Service, so it must be a DNS-1035 label:
 * letters, digits and dashes, starting with a letter, at most 63 characters. The hash of the exact (tenant,
 * session) pair is always appended: without it, tenant {@code a-b} with session {@code c} and tenant {@code a}
 * with session {@code b-c} would share a claim, and so would {@code S1} and {@code s1} after lower-casing.
 * The readable part is only for people running {@code kubectl get sandboxclaims}.
 */
final class ClaimNames {

    static final int MAX_LENGTH = 63;
    private static final String PREFIX = "talon-";
    private static final int HASH_CHARS = 10;

    private ClaimNames() {
    }

    static String of(SessionKey key) {
        String hash = hash(key);
        String readable = sanitize(key.tenant()) + "-" + sanitize(key.session());
        readable = readable.replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        int room = MAX_LENGTH - PREFIX.length() - 1 - HASH_CHARS;
        if (readable.length() > room) {
            readable = readable.substring(0, room).replaceAll("-+$", "");
        }
        return readable.isEmpty() ? PREFIX + hash : PREFIX + readable + "-" + hash;
    }

    private static String sanitize(String part) {
        return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    // A NUL cannot occur in either part as it comes from the platform, so the pair is encoded unambiguously.
    private static String hash(SessionKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((key.tenant() + '\0' + key.session()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
