package dev.talon.platform.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.data.TurnStreamWriter;

/**
 * The platform's {@code message} tool: an interim message to the user mid-turn. It goes to the turn's stream file,
 * which the turn's and the session's SSE streams tail ({@code message} events, see events/TextDeltaCursor), under
 * the call's idempotency key, so a retried call writes it once. It is stored in the session with the turn: the call
 * that carries it is part of what RecordTurn records.
 */
final class InterimMessages {

    static final int MAX_CHARS = 16_000;

    private final TurnLog turnLog;

    InterimMessages(TurnLog turnLog) {
        this.turnLog = turnLog;
    }

    /** Sends the message; returns the error the LLM reads, or null when it was sent. */
    String send(String tenant, String turnId, int step, int attempt, String callKey, JsonNode arguments) {
        JsonNode content = arguments == null ? null : arguments.get("content");
        if (arguments == null || !arguments.isObject() || arguments.size() != 1 || content == null
                || !content.isTextual() || content.asText().isBlank()) {
            return "Error: message takes one argument, content: the text to send";
        }
        if (content.asText().length() > MAX_CHARS) {
            return "Error: the message is longer than " + MAX_CHARS + " characters; send a shorter one";
        }
        try (TurnStreamWriter stream = turnLog.messageWriter(tenant, turnId, step, attempt)) {
            stream.message(callKey, content.asText());
        }
        return null;
    }
}
