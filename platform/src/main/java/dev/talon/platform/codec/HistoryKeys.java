package dev.talon.platform.codec;

import dev.talon.platform.tenant.Ids;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import io.temporal.payload.codec.PayloadCodecException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenants' history keys as the codec uses them: the newest key of a tenant to encrypt, any key by id to
 * decrypt. Rings are kept for a short while (other processes' rotations and destructions are seen after at most
 * that long; this process's own at once). A first key is made only for a tenant that exists, so a straggling
 * payload of a purged tenant cannot bring a key back.
 */
public final class HistoryKeys {

    private final KeySource source;
    private final TenantStore tenants;
    private final Duration keep;
    private final Clock clock;
    private final Map<String, Cached> rings = new ConcurrentHashMap<>();

    private record Cached(KeyRing ring, Instant readAt) {
    }

    public HistoryKeys(KeySource source, TenantStore tenants, Duration keep, Clock clock) {
        this.source = source;
        this.tenants = tenants;
        this.keep = keep;
        this.clock = clock;
    }

    /** The key new payloads of the tenant are encrypted with. */
    HistoryKey encryptionKey(String tenant) {
        return fresh(tenant).map(KeyRing::newest).orElseGet(() -> {
            if (tenants.find(tenant).isEmpty()) {
                throw new PayloadCodecException("cannot encrypt for tenant " + tenant + ": there is no such tenant "
                        + "(deleted?) and it has no history key");
            }
            KeyRing ring = source.readOrCreate(tenant);
            rings.put(tenant, new Cached(ring, clock.instant()));
            return ring.newest();
        });
    }

    /**
     * The key with this id.
     *
     * @throws PayloadCodecException when no key has this id; the message says what to do
     */
    HistoryKey decryptionKey(String keyId) {
        String tenant = HistoryKey.tenantOf(keyId).filter(Ids::isValid).orElseThrow(() -> new PayloadCodecException(
                "the payload names key id '" + printable(keyId) + "', which is not a Talon history key id "
                        + "(<tenant>:<version>)"));
        Optional<HistoryKey> key = fresh(tenant).flatMap(ring -> ring.find(keyId));
        if (key.isEmpty()) { // rotated or restored elsewhere since it was read: look again once
            rings.remove(tenant);
            key = fresh(tenant).flatMap(ring -> ring.find(keyId));
        }
        return key.orElseThrow(() -> new PayloadCodecException("the payload was encrypted with history key '" + keyId
                + "', which " + source.describe(tenant) + " does not hold: restore that key (never delete old keys "
                + "when rotating); if tenant " + tenant + " was purged, its history is unreadable by design"));
    }

    /** Adds a new newest key for the tenant; older keys keep decrypting. */
    public KeyRing rotate(String tenant) {
        KeyRing ring = source.rotate(tenant);
        rings.put(tenant, new Cached(ring, clock.instant()));
        return ring;
    }

    /** The ids of the tenant's keys, newest last; empty when it has none yet. */
    public List<String> keyIds(String tenant) {
        return fresh(tenant).map(KeyRing::ids).orElse(List.of());
    }

    /**
     * Destroys the tenant's keys: its encrypted history can never be read again.
     *
     * @return false when the source cannot destroy them (the operator must)
     */
    public boolean shred(String tenant) {
        boolean destroyed = source.destroy(tenant);
        rings.remove(tenant);
        return destroyed;
    }

    /** Where the tenant's keys are, for messages. */
    public String describe(String tenant) {
        return source.describe(tenant);
    }

    /** The one tenant of a namespace; empty when it has none or several. */
    Optional<String> soleTenantOf(String namespace) {
        List<String> ids = tenants.all().stream().filter(t -> t.namespace().equals(namespace))
                .map(TenantConfig::id).toList();
        return ids.size() == 1 ? Optional.of(ids.getFirst()) : Optional.empty();
    }

    private Optional<KeyRing> fresh(String tenant) {
        Cached cached = rings.get(tenant);
        if (cached != null && cached.readAt().plus(keep).isAfter(clock.instant())) {
            return Optional.of(cached.ring());
        }
        Optional<KeyRing> ring = source.read(tenant);
        ring.ifPresentOrElse(r -> rings.put(tenant, new Cached(r, clock.instant())), () -> rings.remove(tenant));
        return ring;
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
