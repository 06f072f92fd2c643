package dev.talon.platform.workflow;

import dev.talon.api.Message;
import dev.talon.platform.data.TurnLogRef;
import java.util.List;

/**
 * One LLM call of a turn; {@code step} counts from 1. The conversation is either in the turn log
 * ({@code log} set, {@code messages} empty) or inline ({@code log} null). {@code subagentDepth} is the turn's
 * depth (0 for a user's turn, and in histories from before): {@code spawn} is offered only below the tenant's
 * limit.
 */
public record LlmChatInput(String tenant, String session, String turnId, int step, TurnLogRef log,
                           List<Message> messages, int subagentDepth) {

    public LlmChatInput(String tenant, String session, String turnId, int step, TurnLogRef log,
                        List<Message> messages) {
        this(tenant, session, turnId, step, log, messages, 0);
    }
}
