package dev.talon.platform.codec;

import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 key of a tenant. Its id, {@code <tenant>:<version>}, travels with every payload it encrypts; the key
 * itself never leaves the key source and this process's memory ({@link #toString} shows the id only).
 */
public record HistoryKey(String id, SecretKey key) {

    /** AES-256. */
    static final int KEY_BYTES = 32;

    public HistoryKey {
        if (key.getEncoded().length != KEY_BYTES) {
            throw new IllegalArgumentException("history key " + id + " is not " + KEY_BYTES + " bytes");
        }
    }

    static HistoryKey of(String tenant, int version, byte[] material) {
        return new HistoryKey(id(tenant, version), new SecretKeySpec(material, "AES"));
    }

    static String id(String tenant, int version) {
        return tenant + ":" + version;
    }

    /** The tenant a key id names; empty when the id is not of Talon's form. */
    static Optional<String> tenantOf(String keyId) {
        int colon = keyId.lastIndexOf(':');
        return colon <= 0 ? Optional.empty() : Optional.of(keyId.substring(0, colon));
    }

    int version() {
        return Integer.parseInt(id.substring(id.lastIndexOf(':') + 1));
    }

    @Override
    public String toString() {
        return "HistoryKey[" + id + "]";
    }
}
