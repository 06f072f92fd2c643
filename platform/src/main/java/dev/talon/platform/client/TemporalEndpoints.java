package dev.talon.platform.client;

import dev.talon.api.SecretReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * Which frontend serves which namespace: one default ({@code talon.temporal.*}) and, per namespace, its own
 * ({@code talon.temporal.namespaces.<namespace>.*}) — Temporal Cloud gives every namespace its own endpoint and
 * certificate or API key. A namespace's entry stands alone: nothing is inherited from the default.
 *
 * <p>Under each prefix: {@code target}; {@code tls.enabled}, {@code tls.client-cert}, {@code tls.client-key},
 * {@code tls.ca}, {@code tls.server-name} (any of the files or the name turns TLS on); {@code api-key.env} or
 * {@code api-key.file} (turns TLS on too).
 */
public record TemporalEndpoints(TemporalEndpoint defaults, Map<String, TemporalEndpoint> namespaces) {

    static final String PREFIX = "talon.temporal";
    private static final String NAMESPACES = PREFIX + ".namespaces.";
    private static final List<String> KEYS = List.of(".target", ".tls.enabled", ".tls.client-cert", ".tls.client-key",
            ".tls.ca", ".tls.server-name", ".api-key.env", ".api-key.file");

    public TemporalEndpoints {
        namespaces = Map.copyOf(namespaces);
    }

    /** Every namespace on one plaintext frontend. */
    public static TemporalEndpoints plain(String target) {
        return new TemporalEndpoints(TemporalEndpoint.plain(target), Map.of());
    }

    public TemporalEndpoint of(String namespace) {
        return namespaces.getOrDefault(namespace, defaults);
    }

    /** The default first, then each distinct namespace endpoint. */
    public List<TemporalEndpoint> all() {
        return Stream.concat(Stream.of(defaults), namespaces.values().stream()).distinct().toList();
    }

    /**
     * @throws IllegalStateException naming the setting to fix: a TLS file that does not exist, a key without
     *                               TLS, a namespace entry without a target
     */
    public static TemporalEndpoints from(Config config) {
        TemporalEndpoint defaults = endpoint(config, PREFIX, "127.0.0.1:7233");
        Map<String, TemporalEndpoint> namespaces = new TreeMap<>();
        for (String name : StreamSupport.stream(config.getPropertyNames().spliterator(), false).sorted().toList()) {
            if (!name.startsWith(NAMESPACES)) {
                continue;
            }
            String rest = name.substring(NAMESPACES.length());
            // Cloud namespaces have dots in their names (orders.a1b2c): the known setting names end the key
            KEYS.stream().filter(rest::endsWith).findFirst()
                    .map(key -> rest.substring(0, rest.length() - key.length()))
                    .filter(namespace -> !namespace.isEmpty())
                    .ifPresent(namespace -> namespaces.computeIfAbsent(namespace,
                            ns -> endpoint(config, NAMESPACES + ns, null)));
        }
        return new TemporalEndpoints(defaults, namespaces);
    }

    private static TemporalEndpoint endpoint(Config config, String prefix, String defaultTarget) {
        String target = text(config, prefix + ".target").orElse(defaultTarget);
        if (target == null) {
            throw new IllegalStateException(prefix + ".target is missing: a namespace with its own settings needs "
                    + "its frontend's host:port (Temporal Cloud: <namespace>.<account>.tmprl.cloud:7233)");
        }
        Optional<String> keyEnv = text(config, prefix + ".api-key.env");
        Optional<String> keyFile = text(config, prefix + ".api-key.file");
        if (keyEnv.isPresent() && keyFile.isPresent()) {
            throw new IllegalStateException(prefix + ".api-key names both env and file; keep one");
        }
        Optional<SecretReference> apiKey = keyEnv.map(SecretReference::env).or(() -> keyFile.map(SecretReference::file));
        Optional<Path> cert = text(config, prefix + ".tls.client-cert").map(Path::of);
        Optional<Path> key = text(config, prefix + ".tls.client-key").map(Path::of);
        Optional<Path> ca = text(config, prefix + ".tls.ca").map(Path::of);
        Optional<String> serverName = text(config, prefix + ".tls.server-name");
        boolean anyTls = cert.isPresent() || key.isPresent() || ca.isPresent() || serverName.isPresent();
        Optional<Boolean> enabled = config.getOptionalValue(prefix + ".tls.enabled", Boolean.class);
        if (enabled.isPresent() && !enabled.get() && anyTls) {
            throw new IllegalStateException(prefix + ".tls.enabled is false but TLS files or a server name are set; "
                    + "remove them or turn TLS on");
        }
        // an API key implies TLS (it is never sent in plaintext); tls.enabled=false with a key is refused
        Optional<TemporalTls> tls = enabled.orElse(anyTls || apiKey.isPresent())
                ? Optional.of(new TemporalTls(cert, key, ca, serverName)) : Optional.empty();
        return new TemporalEndpoint(prefix, target, tls, apiKey);
    }

    private static Optional<String> text(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).filter(v -> !v.isEmpty());
    }
}
