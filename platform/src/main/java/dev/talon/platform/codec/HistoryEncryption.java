package dev.talon.platform.codec;

import dev.talon.platform.tenant.KubernetesApi;
import dev.talon.platform.tenant.TenantStore;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The history encryption settings: {@code talon.history.encryption} (on/off, off by default; {@code bin/talon up}
 * turns it on), {@code talon.history.keys} ({@code file}, the default, {@code env} or {@code kubernetes}),
 * {@code talon.history.keys-dir} (for {@code file}), {@code talon.history.kubernetes.secret}, {@code .namespace}
 * and {@code .api-url} (for {@code kubernetes}) and {@code talon.history.key-cache-seconds} (how soon another
 * process's rotation or destruction is seen).
 */
public record HistoryEncryption(boolean enabled, String source, Path keysDir, Duration keyCache, String secret,
                                Optional<String> secretNamespace, Optional<String> apiUrl) {

    public static final String FILE = "file";
    public static final String ENV = "env";
    public static final String KUBERNETES = "kubernetes";

    public HistoryEncryption {
        if (!FILE.equals(source) && !ENV.equals(source) && !KUBERNETES.equals(source)) {
            throw new IllegalStateException("talon.history.keys is '" + source + "'; use " + FILE + ", " + ENV
                    + " or " + KUBERNETES);
        }
    }

    public static HistoryEncryption from(Config config) {
        return new HistoryEncryption(
                config.getOptionalValue("talon.history.encryption", Boolean.class).orElse(false),
                config.getOptionalValue("talon.history.keys", String.class).orElse(FILE).strip(),
                Path.of(config.getOptionalValue("talon.history.keys-dir", String.class).orElse(".talon/keys"))
                        .toAbsolutePath().normalize(),
                Duration.ofSeconds(config.getOptionalValue("talon.history.key-cache-seconds", Long.class).orElse(10L)),
                config.getOptionalValue("talon.history.kubernetes.secret", String.class).orElse("talon-history-keys"),
                config.getOptionalValue("talon.history.kubernetes.namespace", String.class).filter(v -> !v.isBlank()),
                config.getOptionalValue("talon.history.kubernetes.api-url", String.class).filter(v -> !v.isBlank()));
    }

    /** The tenants' keys from the configured source; empty when encryption is off. */
    public Optional<HistoryKeys> keys(TenantStore tenants) {
        if (!enabled) {
            return Optional.empty();
        }
        KeySource keySource = switch (source) {
            case FILE -> new FileKeySource(keysDir);
            case ENV -> new EnvKeySource(System.getenv());
            default -> new KubernetesSecretKeySource(new CoreV1Api(KubernetesApi.client(apiUrl)),
                    secretNamespace.orElseGet(KubernetesApi::podNamespace), secret);
        };
        return Optional.of(new HistoryKeys(keySource, tenants, keyCache, Clock.systemUTC()));
    }

    /** The codec of each namespace: encryption with the keys, or none. */
    public static Function<String, Optional<PayloadCodec>> codecs(Optional<HistoryKeys> keys) {
        return namespace -> keys.map(k -> new EncryptionCodec(k, namespace));
    }
}
