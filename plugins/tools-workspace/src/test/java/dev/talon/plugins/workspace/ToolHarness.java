package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolResult;
import dev.talon.plugintest.FakeToolContext;
import java.io.IOException;
import java.nio.file.Path;

/** Calls the plugin's tools by name, the way the platform does, against one workspace. */
final class ToolHarness {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeToolContext context;

    ToolHarness(Path workspace) throws IOException {
        this.context = FakeToolContext.in(workspace.toRealPath());
    }

    /** Runs a tool with string arguments given as name, value, name, value... */
    ToolResult call(String toolName, String... namesAndValues) {
        ObjectNode arguments = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return callJson(toolName, arguments.toString());
    }

    ToolResult callJson(String toolName, String argumentsJson) {
        try {
            return tool(toolName).execute(JSON.readTree(argumentsJson), context);
        } catch (IOException e) {
            throw new IllegalArgumentException(argumentsJson, e);
        }
    }

    static Tool tool(String name) {
        return new WorkspaceTools().tools().stream()
                .filter(tool -> tool.spec().name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
