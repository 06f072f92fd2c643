package dev.talon.platform.workflow;

import dev.talon.api.ToolCall;
import dev.talon.platform.data.TurnLogRef;

/** One tool call of a turn, made in LLM step {@code step}; {@code log} is null when the turn runs inline. */
public record ExecuteToolInput(String tenant, String session, String turnId, int step, ToolCall call, TurnLogRef log) {
}
