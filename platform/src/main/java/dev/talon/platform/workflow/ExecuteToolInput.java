package dev.talon.platform.workflow;

import dev.talon.api.ToolCall;
import dev.talon.platform.data.TurnLogRef;

/**
 * One tool call of a turn, made in LLM step {@code step}; {@code log} is null when the turn runs inline.
 *
 * @param denial when set, the call was denied (by a human, or by an approval timeout): the tool does not run and
 *               the LLM reads this reason as the result
 */
public record ExecuteToolInput(String tenant, String session, String turnId, int step, ToolCall call, TurnLogRef log,
                               String denial) {
}
