package dev.talon.platform.workflow;

/** The {@code decide} validator's refusal: the call was decided already, or its wait timed out. */
final class ApprovalAlreadyDecidedException extends RuntimeException {

    ApprovalAlreadyDecidedException(String message) {
        super(message, null, false, false);
    }
}
