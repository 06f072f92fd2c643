package dev.talon.platform.workflow;

import dev.talon.api.ToolCall;
import dev.talon.platform.data.TurnLogRef;

/**
 * One tool call of a turn, made in LLM step {@code step}; {@code log} is null when the turn runs inline.
 *
 * @param denial when set, the call was denied (by a human, or by an approval timeout): the tool does not run and
 *               the LLM reads this reason as the result
 * @param platformResult when set, the workflow ran the call itself (a platform tool such as {@code spawn}): the
 *               activity runs nothing and only appends this result (with {@code platformError}) to the turn log
 */
public record ExecuteToolInput(String tenant, String session, String turnId, int step, ToolCall call, TurnLogRef log,
                               String denial, String platformResult, boolean platformError) {

    public ExecuteToolInput(String tenant, String session, String turnId, int step, ToolCall call, TurnLogRef log,
                            String denial) {
        this(tenant, session, turnId, step, call, log, denial, null, false);
    }
}
