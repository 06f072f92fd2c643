package dev.talon.platform.workflow;

import dev.talon.api.Message;
import dev.talon.platform.data.TurnLogRef;
import java.util.List;

/**
 * One LLM call of a turn; {@code step} counts from 1. The conversation is either in the turn log
 * ({@code log} set, {@code messages} empty) or inline ({@code log} null).
 */
public record LlmChatInput(String tenant, String session, String turnId, int step, TurnLogRef log,
                           List<Message> messages) {
}
