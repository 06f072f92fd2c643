package dev.talon.platform.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One thing that happened in a turn or session, as sent over SSE: {@code llm_started}, {@code llm_finished},
 * {@code tool_started}, {@code tool_finished}, {@code retry}, {@code approval_needed}, {@code turn_started},
 * {@code subagent_started}, {@code subagent_finished}, {@code completed}, {@code failed}, {@code cancelled},
 * {@code session_ended}; from the turn's stream file, not history: {@code text_delta}, {@code delta_discarded},
 * {@code stream_truncated}, {@code message} (an interim message of the turn's message tool).
 *
 * @param id   the SSE event id, which a reconnecting client sends back as {@code Last-Event-ID}: the Temporal
 *             history event id in a turn stream, {@code <turnId>} or {@code <turnId>:<eventId>} in a session
 *             stream; null for what is not a history event (retry, approval_needed, streamed text) and for a
 *             session's end
 * @param type the event name
 * @param data the JSON payload, with {@code type} in it
 */
public record ProgressEvent(String id, String type, ObjectNode data) {

    ProgressEvent withId(String newId) {
        return new ProgressEvent(newId, type, data);
    }
}
