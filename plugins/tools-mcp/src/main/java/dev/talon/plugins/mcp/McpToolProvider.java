package dev.talon.plugins.mcp;

import dev.talon.api.Tool;
import dev.talon.api.ToolProvider;
import dev.talon.api.ToolScope;
import dev.talon.api.ToolSettings;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * The tools of a tenant's MCP servers ({@code toolSettings.tools-mcp.servers}). Tool lists are fetched where the
 * platform asks for tools, inside activities, and kept a short while ({@link McpToolLists}); a server that is down
 * offers the tools it listed last, whose calls then fail with a clear error, or none when it never answered.
 * Servers are reached over streamable HTTP, or started on stdio inside the tenant's exec backend (never on the
 * host): a tenant whose exec is disabled cannot have stdio servers.
 */
@Extension
public class McpToolProvider implements ToolProvider {

    private final McpToolLists lists = new McpToolLists();

    @Override
    public List<Tool> tools() {
        return List.of(); // no tenant, no servers
    }

    @Override
    public List<Tool> tools(ToolSettings settings) {
        // no scope: the HTTP servers only, a stdio server has nowhere to run
        return tools(settings, ToolScope.forChecking("", false));
    }

    @Override
    public List<Tool> tools(ToolSettings settings, ToolScope scope) {
        List<Tool> tools = new ArrayList<>();
        for (McpServerSetting server : McpServerSetting.of(settings)) {
            tools.addAll(lists.tools(server, scope));
        }
        return tools;
    }

    @Override
    public List<String> validateSettings(ToolSettings settings) {
        return McpServerSetting.problems(settings);
    }

    @Override
    public List<String> validateSettings(ToolSettings settings, ToolScope scope) {
        return McpServerSetting.problems(settings, scope.execEnabled());
    }
}
