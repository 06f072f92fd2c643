package dev.talon.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answer of the REST API.
 *
 * @param httpStatus the HTTP status
 * @param body       the JSON body (a missing node when the body was not JSON)
 */
public record TurnReply(int httpStatus, JsonNode body) {

    /** The turn's {@code status}: running, completed or failed; empty for errors. */
    public String status() {
        return body.path("status").asText("");
    }

    public String reply() {
        return body.path("reply").asText("");
    }

    public boolean completed() {
        return httpStatus == 200 && "completed".equals(status());
    }
}
