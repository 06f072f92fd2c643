package dev.talon.plugins.mcp;

import dev.talon.api.Tool;
import dev.talon.api.ToolProvider;
import dev.talon.api.ToolSettings;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * The tools of a tenant's MCP servers ({@code toolSettings.tools-mcp.servers}). Tool lists are fetched where the
 * platform asks for tools, inside activities, and kept a short while ({@link McpToolLists}); a server that is down
 * offers the tools it listed last, whose calls then fail with a clear error, or none when it never answered.
 * Only streamable HTTP servers for now; stdio servers are not supported.
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
        List<Tool> tools = new ArrayList<>();
        for (McpServerSetting server : McpServerSetting.of(settings)) {
            tools.addAll(lists.tools(server));
        }
        return tools;
    }

    @Override
    public List<String> validateSettings(ToolSettings settings) {
        return McpServerSetting.problems(settings);
    }
}
