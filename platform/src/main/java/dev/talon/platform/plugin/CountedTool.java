package dev.talon.platform.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;

/** A tool whose calls are counted, so its plugin version is not unloaded under them. */
final class CountedTool implements Tool {

    private final Tool tool;
    private final InFlightCalls calls;
    // read once: the spec, the exec flag and the effect are asked for often and must not need the plugin afterwards
    private final ToolSpec spec;
    private final boolean requiresExec;
    private final ToolEffect effect;

    CountedTool(Tool tool, InFlightCalls calls) {
        this.tool = tool;
        this.calls = calls;
        this.spec = tool.spec();
        this.requiresExec = tool.requiresExec();
        this.effect = tool.effect();
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
    public ToolEffect effect() {
        return effect;
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
