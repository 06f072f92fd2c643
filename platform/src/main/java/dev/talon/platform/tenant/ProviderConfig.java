package dev.talon.platform.tenant;

import java.util.Map;

/**
 * The tenant's LLM. The API key is never written here: {@code apiKeyEnv} names an environment variable and
 * {@code apiKeyFile} a file that hold it, and the key is read inside the LLM activity only.
 *
 * @param plugin      the provider plugin id, e.g. {@code provider-openai}
 * @param model       the model name passed to the provider
 * @param baseUrl     the endpoint for HTTP providers
 * @param apiKeyEnv   environment variable holding the key
 * @param apiKeyFile  file holding the key (first line)
 * @param timeoutSeconds how long one model call may take
 * @param options     provider options (temperature, max_tokens, header.X...)
 */
public record ProviderConfig(String plugin, String model, String baseUrl, String apiKeyEnv, String apiKeyFile,
                             Integer timeoutSeconds, Map<String, String> options) {
    public ProviderConfig {
        model = model == null ? "" : model;
        baseUrl = baseUrl == null ? "" : baseUrl;
        timeoutSeconds = timeoutSeconds == null ? 120 : timeoutSeconds;
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
