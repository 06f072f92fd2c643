package dev.talon.platform.client;

import dev.talon.platform.workflow.PendingApproval;

/** What became of a human's decision on a tool call waiting for approval. */
public sealed interface ApprovalOutcome {

    /** The waiting call took the decision. */
    record Taken(PendingApproval approval) implements ApprovalOutcome {
    }

    /** No call of the turn waits under that id (never did, or not yet). */
    record UnknownApproval(String message) implements ApprovalOutcome {
    }

    /** The call was decided already, or its wait timed out. */
    record AlreadyDecided(String message) implements ApprovalOutcome {
    }

    /** The turn has ended; nothing waits any more. */
    record TurnEnded() implements ApprovalOutcome {
    }

    /** No such turn for this tenant. */
    record TurnNotFound() implements ApprovalOutcome {
    }

    /**
     * The turn runs but its worker did not take or refuse the decision: it did not answer in time (the decision
     * may still be taken; check the turn), or it runs code without the {@code decide} update (during a rollout).
     */
    record NotDelivered(String message) implements ApprovalOutcome {
    }
}
