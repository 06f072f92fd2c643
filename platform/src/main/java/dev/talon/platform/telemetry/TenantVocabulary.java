package dev.talon.platform.telemetry;

import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import java.util.Optional;
import java.util.function.Function;

/**
 * The words a worker's metrics and spans may use for its tenant, all from config: the tenant id, its model and
 * provider, and whether a tool name is one the tenant is offered. Never a word the LLM chose.
 */
public final class TenantVocabulary {

    private final String tenant;
    private final TenantStore tenants;
    private final Function<TenantConfig, TenantToolbox> toolboxes;

    public TenantVocabulary(String tenant, TenantStore tenants, Function<TenantConfig, TenantToolbox> toolboxes) {
        this.tenant = tenant;
        this.tenants = tenants;
        this.toolboxes = toolboxes;
    }

    String tenant() {
        return tenant;
    }

    /** The configured model, {@code ""} when the tenant has none or is gone. */
    String model() {
        return config().map(c -> c.provider() == null ? "" : String.valueOf(c.provider().model())).orElse("");
    }

    /** The provider in GenAI terms ({@code openai}, {@code anthropic}): the plugin id without {@code provider-}. */
    String provider() {
        String plugin = config().map(c -> c.provider() == null ? "" : String.valueOf(c.provider().plugin())).orElse("");
        return plugin.startsWith("provider-") ? plugin.substring("provider-".length()) : plugin;
    }

    /** The tool's name when the tenant is offered it, else {@link TalonMeters#OTHER_TOOL}: labels stay bounded. */
    String toolLabel(String name) {
        if (name == null) {
            return TalonMeters.OTHER_TOOL;
        }
        try {
            return config().flatMap(c -> toolboxes.apply(c).tool(name)).isPresent() ? name : TalonMeters.OTHER_TOOL;
        } catch (RuntimeException e) {
            return TalonMeters.OTHER_TOOL; // a plugin that cannot list its tools must not fail the call's metrics
        }
    }

    private Optional<TenantConfig> config() {
        return tenants.find(tenant);
    }
}
