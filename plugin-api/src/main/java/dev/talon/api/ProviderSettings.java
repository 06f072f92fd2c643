package dev.talon.api;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how a provider reaches its model, from the tenant config.
 *
 * @param baseUrl the endpoint, e.g. {@code https://api.openai.com/v1}; empty when the provider needs none
 * @param apiKey  the secret, resolved by the platform from the environment or a secrets file;
 *                {@link #toString()} never prints it
 * @param timeout how long one HTTP call may take
 * @param options provider-specific settings (temperature, max tokens, extra headers...)
 */
public record ProviderSettings(String baseUrl, String apiKey, Duration timeout, Map<String, String> options) {

    public static final ProviderSettings NONE = new ProviderSettings("", "", Duration.ofSeconds(120), Map.of());

    public ProviderSettings {
        baseUrl = baseUrl == null ? "" : baseUrl;
        apiKey = apiKey == null ? "" : apiKey;
        timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    @Override
    public String toString() {
        return "ProviderSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "<none>" : "<redacted>")
                + ", timeout=" + timeout + ", options=" + options.keySet() + "]";
    }
}
