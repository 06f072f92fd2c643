package dev.talon.platform.workflow;

import dev.talon.api.ToolCall;

/** One tool call of a turn, made in LLM step {@code step}. */
public record ExecuteToolInput(String tenant, String session, String turnId, int step, ToolCall call) {
}
