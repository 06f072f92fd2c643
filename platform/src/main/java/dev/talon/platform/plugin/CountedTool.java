package dev.talon.platform.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;

/** A tool whose calls are counted, so its plugin version is not unloaded under them. */
final class CountedTool implements Tool {

    private final Tool tool;
    private final InFlightCalls calls;
    // read once: the spec and the exec flag are asked for often and must not need the plugin afterwards
    private final ToolSpec spec;
    private final boolean requiresExec;

    CountedTool(Tool tool, InFlightCalls calls) {
        this.tool = tool;
        this.calls = calls;
        this.spec = tool.spec();
        this.requiresExec = tool.requiresExec();
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public boolean requiresExec() {
        return requiresExec;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        calls.enter();
        try {
            return tool.execute(arguments, context);
        } finally {
            calls.exit();
        }
    }
}
