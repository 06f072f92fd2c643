package dev.talon.platform.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /v1/tenants/{tenant}/turns. */
@Schema(description = "A user message for an agent session")
record TurnSubmission(
        @Schema(required = true, description = "session id: letters, digits, . _ -") String session,
        @Schema(required = true, description = "the user message") String message,
        @Schema(description = "idempotency key; the server makes one when omitted") String turnId,
        @JsonProperty("wait") @Schema(name = "wait", description = "wait for the reply (default true)") Boolean waitForReply,
        @Schema(description = "how long to wait, 1-600 s (default 60); then 202") Integer timeoutSeconds) {
}
