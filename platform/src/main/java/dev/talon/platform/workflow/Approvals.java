package dev.talon.platform.workflow;

import dev.talon.api.ToolCall;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The turn's tool calls that wait for a human, and the decisions on them. Workflow code: deterministic, and only
 * touched from the workflow's own threads (the loop, the update and signal handlers).
 *
 * <p>A waiting call is known by an id the workflow makes, {@code {step}-{position}}: the model's call id is its
 * input and may repeat, within a reply or across steps, so it must not pick which call a human's yes applies to.
 * A decision is taken by the one call it names, once; the id is then closed for good.
 *
 * <p>Turns recorded before these ids existed keyed everything by the model's call id and kept every decision;
 * {@link #awaitByModelId} does exactly that, so that their histories still replay.
 */
final class Approvals {

    private final Map<String, PendingApproval> pending = new LinkedHashMap<>();
    /** Decisions that arrived and were not taken yet by the call they name. */
    private final Map<String, ApprovalDecision> received = new HashMap<>();
    /** Ids that were decided or timed out, with how: deciding them again is refused. */
    private final Map<String, String> closed = new HashMap<>();
    /** Whether this turn keys approvals by workflow-made ids; false until the workflow says so. */
    private boolean workflowIds;

    /** From now on, approvals are keyed by workflow-made ids (the turn runs the versioned code). */
    void useWorkflowIds() {
        workflowIds = true;
    }

    List<PendingApproval> pending() {
        return List.copyOf(pending.values());
    }

    /** The {@code decide} validator: throws when the decision names no waiting call, or a call already decided. */
    void validate(ApprovalDecision decision) {
        RuntimeException refusal = refusal(decision);
        if (refusal != null) {
            throw refusal;
        }
    }

    /** The {@code decide} handler: the validator let the decision through; the call waiting under its id takes it. */
    PendingApproval decide(ApprovalDecision decision) {
        // nothing can change between validator and handler, but the state must never go wrong; a handler fails
        // its update (not the turn) only with an ApplicationFailure
        RuntimeException refusal = refusal(decision);
        if (refusal != null) {
            throw ApplicationFailure.newNonRetryableFailure(refusal.getMessage(), refusal.getClass().getName());
        }
        received.put(decision.approvalId(), decision);
        return pending.get(decision.approvalId());
    }

    /** Why the decision cannot be taken, or null when the call it names waits for it. */
    private RuntimeException refusal(ApprovalDecision decision) {
        String id = decision.approvalId();
        if (id == null) {
            return new UnknownApprovalException("a decision needs an approval id");
        }
        String outcome = closed.get(id);
        if (outcome != null || received.containsKey(id)) {
            return new ApprovalAlreadyDecidedException("approval '" + id + "' is already closed: "
                    + (outcome == null ? "it was decided" : outcome));
        }
        if (!pending.containsKey(id)) {
            return new UnknownApprovalException("no tool call waits for approval '" + id + "'");
        }
        return null;
    }

    /** The old {@code approval} signal: what it did before for turns keyed by model ids, else what decide does. */
    void signalled(ApprovalDecision decision) {
        if (!workflowIds) {
            received.putIfAbsent(decision.approvalId(), decision);
            return;
        }
        String id = decision.approvalId();
        if (id != null && pending.containsKey(id) && !received.containsKey(id) && !closed.containsKey(id)) {
            received.put(id, decision);
        }
    }

    /**
     * Waits for the decision on the call waiting under {@code approvalId}, takes it and closes the id.
     *
     * @return why the call was denied, or null when approved
     */
    String await(String approvalId, ToolCall call, int timeoutSeconds) {
        received.remove(approvalId); // only a decision made while the call waits counts (a stray signal does not)
        pending.put(approvalId, new PendingApproval(approvalId, call.name(), call.arguments(), timeoutSeconds));
        ApprovalDecision decision;
        boolean waited = false;
        try {
            Workflow.await(Duration.ofSeconds(timeoutSeconds), () -> received.containsKey(approvalId));
            waited = true;
        } finally {
            pending.remove(approvalId);
            decision = received.remove(approvalId);
            closed.put(approvalId, decision != null ? (decision.approved() ? "it was approved" : "it was denied")
                    : waited ? "it timed out" : "the turn stopped waiting for it");
        }
        // a decision accepted in the same workflow task as the timer still counts: its sender was told so
        return decision == null ? timedOut(timeoutSeconds) : denial(decision);
    }

    /** How turns recorded before workflow-made ids waited: keyed by the model's call id, decisions kept. */
    String awaitByModelId(ToolCall call, int timeoutSeconds) {
        pending.put(call.id(), new PendingApproval(call.id(), call.name(), call.arguments(), timeoutSeconds));
        boolean answered = Workflow.await(Duration.ofSeconds(timeoutSeconds), () -> received.containsKey(call.id()));
        pending.remove(call.id());
        return answered ? denial(received.get(call.id())) : timedOut(timeoutSeconds);
    }

    private static String timedOut(int timeoutSeconds) {
        return "no approval within " + timeoutSeconds + " seconds";
    }

    private static String denial(ApprovalDecision decision) {
        if (decision.approved()) {
            return null;
        }
        return decision.reason() == null || decision.reason().isBlank() ? "denied by the user"
                : "denied by the user: " + decision.reason();
    }
}
