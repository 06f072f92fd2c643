package dev.talon.platform.workflow;

import dev.talon.api.Message;
import java.util.List;

/** One LLM call of a turn; {@code step} counts from 1. */
public record LlmChatInput(String tenant, String session, String turnId, int step, List<Message> messages) {
}
