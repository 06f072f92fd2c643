package dev.talon.platform.workflow;

import dev.talon.api.Message;
import dev.talon.platform.data.TurnLogRef;
import java.util.List;

/**
 * What a turn adds to its session: the user message first, then every LLM reply and tool result. These are
 * the turn log's messages from position {@code firstMessage} on (when {@code log} is set), followed by
 * {@code messages} — the workflow's own, or all of them when the turn ran inline.
 */
public record RecordTurnInput(String tenant, String session, String turnId, TurnLogRef log, int firstMessage,
                              List<Message> messages) {
}
