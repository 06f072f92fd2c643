package dev.talon.platform.client;

import dev.talon.api.SecretReference;
import java.util.Optional;

/**
 * How to reach the Temporal frontend that serves a namespace: its address, TLS (mutual or not) and an API key
 * (Temporal Cloud). The key is a reference to an environment variable or a file, read when a call needs it.
 *
 * @param settingsPrefix where this endpoint is configured ({@code talon.temporal}, or
 *                       {@code talon.temporal.namespaces.<ns>}), so that every message names the setting to fix
 * @param target         {@code host:port}
 * @param tls            TLS settings, or empty for plaintext (a local dev server)
 * @param apiKey         where the API key is, or empty
 */
public record TemporalEndpoint(String settingsPrefix, String target, Optional<TemporalTls> tls,
                               Optional<SecretReference> apiKey) {

    public TemporalEndpoint {
        if (target == null || target.isBlank()) {
            throw new IllegalStateException(settingsPrefix + ".target is empty; give the frontend's host:port");
        }
        target = target.strip();
        if (apiKey.isPresent() && tls.isEmpty()) {
            throw new IllegalStateException(settingsPrefix + ".api-key is set but TLS is off: an API key is never "
                    + "sent in plaintext; set " + settingsPrefix + ".tls.enabled=true (Temporal Cloud needs TLS)");
        }
        tls.ifPresent(settings -> settings.checkFilesExist(settingsPrefix));
    }

    /** Plaintext, no key: a local dev server or a test. */
    public static TemporalEndpoint plain(String target) {
        return new TemporalEndpoint("talon.temporal", target, Optional.empty(), Optional.empty());
    }

    /** For logs and health data: address and security, never a secret. */
    public String describe() {
        String security = tls.map(t -> t.mutual() ? "mTLS" : "TLS").orElse("plaintext");
        return target + " (" + security + apiKey.map(k -> ", API key from " + k).orElse("") + ")";
    }
}
