package dev.talon.plugins.mcp;

import dev.talon.api.ToolEffect;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * MCP's tool annotations as a Talon effect. The hints are the server's word: read-only only when it says so,
 * idempotent when it says so and does not say destructive, side effects otherwise (MCP's own defaults: a tool is
 * not read-only, and is destructive, unless annotated).
 */
final class McpToolEffects {

    private McpToolEffects() {
    }

    static ToolEffect of(McpSchema.ToolAnnotations annotations) {
        if (annotations == null) {
            return ToolEffect.SIDE_EFFECTS;
        }
        if (Boolean.TRUE.equals(annotations.readOnlyHint())) {
            return ToolEffect.READ_ONLY;
        }
        if (Boolean.TRUE.equals(annotations.idempotentHint()) && Boolean.FALSE.equals(annotations.destructiveHint())) {
            return ToolEffect.IDEMPOTENT;
        }
        return ToolEffect.SIDE_EFFECTS;
    }
}
