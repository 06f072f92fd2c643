package dev.talon.platform.plugin;

import dev.talon.api.ProviderSettings;
import dev.talon.api.SecretReference;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves a tenant's provider settings, API key included, at the moment of the call. The key comes from
 * the environment variable or file the tenant config names ({@link SecretReferences}, shared with tool settings),
 * never from the config itself, and it is
 * scrubbed from any error text that leaves the activity.
 */
public final class ProviderSecrets {

    private final SecretReferences secrets;

    public ProviderSecrets(Function<String, String> environment) {
        this.secrets = new SecretReferences(environment);
    }

    /** The resolver behind the keys, for the tenant's other secret references (tool settings). */
    public SecretReferences references() {
        return secrets;
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
        SecretReference reference;
        String setting;
        if (provider.apiKeyEnv() != null && !provider.apiKeyEnv().isBlank()) {
            reference = SecretReference.env(provider.apiKeyEnv());
            setting = "provider.apiKeyEnv";
        } else if (provider.apiKeyFile() != null && !provider.apiKeyFile().isBlank()) {
            reference = SecretReference.file(provider.apiKeyFile());
            setting = "provider.apiKeyFile";
        } else {
            return "";
        }
        try {
            return secrets.resolve(reference);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("tenant '" + tenant.id() + "': " + e.getMessage() + " (" + setting + ")");
        }
    }

    /** For tests: an environment made of a map. */
    public static ProviderSecrets of(Map<String, String> environment) {
        return new ProviderSecrets(environment::get);
    }
}
