package dev.talon.platform.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /v1/tenants/{tenant}/sessions/{session}/messages. */
@Schema(description = "A user message for a session workflow")
record SessionSubmission(
        @Schema(required = true, description = "the user message") String message,
        @JsonProperty("wait") @Schema(name = "wait", description = "wait for the reply (default true)") Boolean waitForReply,
        @Schema(description = "idempotency key; the server makes one when omitted") String turnId,
        @Schema(description = "how long to wait, 1-600 s (default 60); then 202") Integer timeoutSeconds) {
}
