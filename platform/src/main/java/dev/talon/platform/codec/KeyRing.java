package dev.talon.platform.codec;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A tenant's history keys: the newest encrypts, every one still decrypts what it encrypted. */
public record KeyRing(String tenant, List<HistoryKey> keys) {

    public KeyRing {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a key ring of tenant " + tenant + " without keys");
        }
        keys = keys.stream().sorted(Comparator.comparingInt(HistoryKey::version)).toList();
    }

    public HistoryKey newest() {
        return keys.getLast();
    }

    public Optional<HistoryKey> find(String keyId) {
        return keys.stream().filter(key -> key.id().equals(keyId)).findFirst();
    }

    /** The ids, for operators: never the keys. */
    public List<String> ids() {
        return keys.stream().map(HistoryKey::id).toList();
    }
}
