package dev.talon.platform.plugin;

import dev.talon.api.ProviderSettings;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves a tenant's provider settings, API key included, at the moment of the call. The key comes from
 * the environment variable or file the tenant config names, never from the config itself, and it is
 * scrubbed from any error text that leaves the activity.
 */
public final class ProviderSecrets {

    private final Function<String, String> environment;

    public ProviderSecrets(Function<String, String> environment) {
        this.environment = environment;
    }

    public static ProviderSecrets fromSystemEnvironment() {
        return new ProviderSecrets(System::getenv);
    }

    /**
     * @throws IllegalStateException when the named variable or file is missing; the message names it,
     *                               never its content
     */
    public ProviderSettings settingsFor(TenantConfig tenant) {
        ProviderConfig provider = tenant.provider();
        return new ProviderSettings(provider.baseUrl(), apiKey(tenant),
                Duration.ofSeconds(provider.timeoutSeconds()), provider.options());
    }

    /** The text with the tenant's key, if any, replaced by {@code ***}. */
    public String scrub(TenantConfig tenant, String text) {
        if (text == null) {
            return "";
        }
        String key;
        try {
            key = apiKey(tenant);
        } catch (IllegalStateException e) {
            return text;
        }
        return key.isEmpty() ? text : text.replace(key, "***");
    }

    private String apiKey(TenantConfig tenant) {
        ProviderConfig provider = tenant.provider();
        if (provider.apiKeyEnv() != null && !provider.apiKeyEnv().isBlank()) {
            String value = environment.apply(provider.apiKeyEnv());
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("tenant '" + tenant.id() + "': environment variable "
                        + provider.apiKeyEnv() + " (provider.apiKeyEnv) is not set on the worker");
            }
            return value.strip();
        }
        if (provider.apiKeyFile() != null && !provider.apiKeyFile().isBlank()) {
            Path file = Path.of(provider.apiKeyFile());
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new IllegalStateException("tenant '" + tenant.id() + "': cannot read the API key file "
                        + file + " (provider.apiKeyFile)");
            }
        }
        return "";
    }

    /** For tests: an environment made of a map. */
    public static ProviderSecrets of(Map<String, String> environment) {
        return new ProviderSecrets(environment::get);
    }
}
