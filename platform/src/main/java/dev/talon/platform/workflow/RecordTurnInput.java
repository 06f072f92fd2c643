package dev.talon.platform.workflow;

import dev.talon.api.Message;
import java.util.List;

/** The messages a turn adds to its session: the user message first, then every LLM reply and tool result. */
public record RecordTurnInput(String tenant, String session, String turnId, List<Message> messages) {
}
