package dev.talon.platform.workflow;

/**
 * Failure types with which a {@code decide} update is refused, as the client sees them. A validator refuses by
 * throwing a plain exception (an ApplicationFailure there would fail the whole turn), whose class name becomes
 * the type; the handler's own check uses the same names.
 */
public final class ApprovalFailures {

    /** No tool call of the turn waits under that approval id (never did, or not yet). */
    public static final String UNKNOWN = UnknownApprovalException.class.getName();

    /** The call was decided already, or its wait timed out: a decision is taken once. */
    public static final String ALREADY_DECIDED = ApprovalAlreadyDecidedException.class.getName();

    private ApprovalFailures() {
    }
}
