package dev.talon.platform.workflow;

/** The {@code decide} validator's refusal: no tool call of the turn waits under that approval id. */
final class UnknownApprovalException extends RuntimeException {

    UnknownApprovalException(String message) {
        super(message, null, false, false);
    }
}
