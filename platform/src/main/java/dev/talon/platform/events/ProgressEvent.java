package dev.talon.platform.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One thing that happened in a turn or session, as sent over SSE: {@code llm_started}, {@code llm_finished},
 * {@code tool_started}, {@code tool_finished}, {@code retry}, {@code approval_needed}, {@code turn_started},
 * {@code completed}, {@code failed}, {@code cancelled}, {@code session_ended}.
 */
public record ProgressEvent(String type, ObjectNode data) {
}
