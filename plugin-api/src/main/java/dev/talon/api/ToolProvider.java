package dev.talon.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/** Offers tools to the model. A tenant gets the tools of the plugins its config allows, and no others. */
public interface ToolProvider extends ExtensionPoint {

    /** The tools this provider offers; names must be unique across the plugins a tenant uses. */
    List<Tool> tools();

    /**
     * The tools this provider offers one tenant, given the tenant's settings for this plugin (tools found at run
     * time, such as a tenant's MCP servers). The platform asks inside activities only, never in workflow code, and
     * asks often (every step of a turn): cache what is slow to find. By default, {@link #tools()}.
     */
    default List<Tool> tools(ToolSettings settings) {
        return tools();
    }

    /**
     * The tools this provider offers one tenant, where its tools run ({@link ToolScope}: its exec backend and
     * workspace, for tools found by running something in the tenant's sandbox). Asked like
     * {@link #tools(ToolSettings)}; by default, that.
     */
    default List<Tool> tools(ToolSettings settings, ToolScope scope) {
        return tools(settings);
    }

    /**
     * What is wrong with a tenant's settings for this plugin, in words an admin can act on; empty when nothing is.
     * The admin API refuses a tenant whose settings have problems. Secrets are not readable here: check that they
     * are references ({@link ToolSettings#secretReference(String)}), not that they resolve.
     */
    default List<String> validateSettings(ToolSettings settings) {
        return List.of();
    }

    /**
     * What is wrong with a tenant's settings for this plugin given what the tenant may run ({@link ToolScope}
     * made with {@link ToolScope#forChecking}); by default, {@link #validateSettings(ToolSettings)}.
     */
    default List<String> validateSettings(ToolSettings settings, ToolScope scope) {
        return validateSettings(settings);
    }
}
