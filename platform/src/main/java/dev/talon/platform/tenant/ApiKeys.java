package dev.talon.platform.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** API keys are stored as SHA-256 hashes and compared in constant time. */
public final class ApiKeys {

    private ApiKeys() {
    }

    /** The stored form of a key: {@code sha256:<hex>}. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True when the presented key hashes to one of the stored hashes. */
    public static boolean matches(List<String> storedHashes, String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return false;
        }
        byte[] presented = hash(presentedKey).getBytes(StandardCharsets.US_ASCII);
        boolean found = false;
        for (String stored : storedHashes) {
            found |= MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII), presented);
        }
        return found;
    }
}
