package dev.talon.platform.codec;

import dev.talon.platform.tenant.Ids;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Keys in one Kubernetes Secret shared by every Talon process: an entry {@code <tenant>.<version>} per key (the
 * 32 key bytes). Changes are read-modify-writes with the Secret's resourceVersion, retried on conflict, so two
 * processes making a tenant's first key at once end with one. Destroying a tenant's keys removes its entries.
 * Needs get, create and update on Secrets in its namespace. Errors name the Secret and the HTTP status, never data.
 */
public record KubernetesSecretKeySource(CoreV1Api api, String namespace, String secret) implements KeySource {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ATTEMPTS = 10;

    @Override
    public Optional<KeyRing> read(String tenant) {
        return current().flatMap(found -> ring(tenant, found));
    }

    @Override
    public KeyRing readOrCreate(String tenant) {
        return read(tenant).orElseGet(() -> change(tenant, data -> keysOf(tenant, data).isEmpty()
                ? withNewKey(tenant, data) : data).orElseThrow());
    }

    @Override
    public KeyRing rotate(String tenant) {
        return change(tenant, data -> withNewKey(tenant, data)).orElseThrow();
    }

    @Override
    public boolean destroy(String tenant) {
        change(tenant, data -> {
            Map<String, byte[]> kept = new HashMap<>(data);
            kept.keySet().removeIf(entry -> tenantOf(entry).filter(tenant::equals).isPresent());
            return kept;
        });
        return true;
    }

    @Override
    public String describe(String tenant) {
        return "the Kubernetes Secret " + namespace + "/" + secret + " (entries " + tenant + ".<version>)";
    }

    /** Applies the change to the Secret's data as stored now, creating the Secret if there is none. */
    private Optional<KeyRing> change(String tenant, UnaryOperator<Map<String, byte[]>> edit) {
        requireTenant(tenant);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<V1Secret> found = current();
            Map<String, byte[]> before = found.map(V1Secret::getData).map(HashMap::new).orElseGet(HashMap::new);
            Map<String, byte[]> after = edit.apply(before);
            try {
                V1Secret written;
                if (found.isEmpty() && after.isEmpty()) {
                    return Optional.empty();
                } else if (found.isEmpty()) {
                    written = api.createNamespacedSecret(namespace, new V1Secret().type("Opaque").data(after)
                            .metadata(new V1ObjectMeta().name(secret).namespace(namespace))).execute();
                } else if (after.equals(before)) {
                    written = found.get();
                } else {
                    written = api.replaceNamespacedSecret(secret, namespace, found.get().data(after)).execute();
                }
                return ring(tenant, written);
            } catch (ApiException e) {
                if (e.getCode() != 409) {
                    throw failure("change", e);
                }
            }
        }
        throw new IllegalStateException("cannot change " + describe(tenant) + ": it kept changing under us ("
                + ATTEMPTS + " conflicting writes)");
    }

    private Optional<V1Secret> current() {
        try {
            return Optional.of(api.readNamespacedSecret(secret, namespace).execute());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw failure("read", e);
        }
    }

    private Optional<KeyRing> ring(String tenant, V1Secret found) {
        List<HistoryKey> keys = keysOf(tenant, found.getData() == null ? Map.of() : found.getData());
        return keys.isEmpty() ? Optional.empty() : Optional.of(new KeyRing(tenant, keys));
    }

    private List<HistoryKey> keysOf(String tenant, Map<String, byte[]> data) {
        List<HistoryKey> keys = new ArrayList<>();
        data.forEach((entry, material) -> {
            if (tenantOf(entry).filter(tenant::equals).isPresent()) {
                if (material == null || material.length != HistoryKey.KEY_BYTES) {
                    throw new IllegalStateException("entry " + entry + " of the Kubernetes Secret " + namespace + "/"
                            + secret + " is not " + HistoryKey.KEY_BYTES + " bytes");
                }
                keys.add(HistoryKey.of(tenant, version(entry), material));
            }
        });
        return keys;
    }

    private static Map<String, byte[]> withNewKey(String tenant, Map<String, byte[]> data) {
        int next = data.keySet().stream().filter(entry -> tenantOf(entry).filter(tenant::equals).isPresent())
                .mapToInt(KubernetesSecretKeySource::version).max().orElse(0) + 1;
        byte[] material = new byte[HistoryKey.KEY_BYTES];
        RANDOM.nextBytes(material);
        Map<String, byte[]> after = new HashMap<>(data);
        after.put(tenant + "." + next, material);
        return after;
    }

    /** The tenant of an entry {@code <tenant>.<version>}; empty for any other entry. */
    private static Optional<String> tenantOf(String entry) {
        int dot = entry.lastIndexOf('.');
        return dot > 0 && entry.substring(dot + 1).matches("[1-9][0-9]{0,8}")
                ? Optional.of(entry.substring(0, dot)) : Optional.empty();
    }

    private static int version(String entry) {
        return Integer.parseInt(entry.substring(entry.lastIndexOf('.') + 1));
    }

    private static void requireTenant(String tenant) {
        if (!Ids.isValid(tenant)) {
            throw new IllegalArgumentException("not a tenant id");
        }
    }

    // the status code only: a response body is the API server's to fill, and this one is about a Secret
    private IllegalStateException failure(String what, ApiException e) {
        String why = e.getCode() == 0 ? "no answer from the API server (" + (e.getCause() == null ? "?"
                : e.getCause().getClass().getSimpleName()) + ")" : "HTTP " + e.getCode();
        return new IllegalStateException("cannot " + what + " the Kubernetes Secret " + namespace + "/" + secret
                + ": " + why + (e.getCode() == 403 ? " (the service account needs get, create and update on Secrets)" : ""));
    }
}
