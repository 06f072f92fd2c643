package dev.talon.platform.workflow;

import dev.talon.platform.client.TurnIds;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;

/** The session loop: queue, one turn at a time, continue-as-new between turns, idle end. */
public final class AgentSessionWorkflowImpl implements AgentSessionWorkflow {

    /** Turn ids remembered for deduplication; enough for any client retry window. */
    private static final int REMEMBERED_TURNS = 200;

    private final ToolActivities tools = Workflow.newActivityStub(ToolActivities.class, ActivityPolicies.conversation());

    private final Deque<QueuedMessage> pending = new ArrayDeque<>();
    private final Map<String, Outcome> outcomes = new HashMap<>();
    private final SequencedSet<String> recentTurnIds = new LinkedHashSet<>();
    private SessionState state;
    private long turnsDone;
    private int turnsThisRun;
    private String lastReply = "";
    private SessionMessage current;
    private boolean ending;

    /**
     * A processed message's reply, or why there is none; kept until its waiting update reads it.
     *
     * @param turnIdTaken the message's turn id already named another turn, so no turn ran for it
     */
    private record Outcome(TurnResult result, String error, boolean turnIdTaken) {

        static Outcome answered(TurnResult result) {
            return new Outcome(result, null, false);
        }

        static Outcome failed(String error) {
            return new Outcome(null, error, false);
        }

        static Outcome taken(String turnId) {
            return new Outcome(null, takenMessage(turnId), true);
        }
    }

    @Override
    public void run(SessionState initial) {
        state = initial;
        turnsDone = initial.turnsDone();
        lastReply = initial.lastReply();
        recentTurnIds.addAll(initial.recentTurnIds());
        initial.pending().forEach(this::enqueue);
        while (true) {
            if (pending.isEmpty()) {
                if (ending) {
                    break;
                }
                if (timeToContinueAsNew()) {
                    continueAsNew();
                    return;
                }
                boolean woken = Workflow.await(Duration.ofSeconds(state.idleTimeoutSeconds()),
                        () -> !pending.isEmpty() || ending);
                if (!woken && pending.isEmpty()) {
                    break; // idle: the next message starts a new session workflow
                }
                continue;
            }
            if (timeToContinueAsNew() && pending.stream().noneMatch(QueuedMessage::awaited)) {
                continueAsNew();
                return;
            }
            process(pending.removeFirst());
        }
        tools.endSession(new EndSessionInput(state.tenant(), state.session()));
    }

    @Override
    public void message(SessionMessage message) {
        enqueue(new QueuedMessage(message, false));
    }

    @Override
    public TurnResult send(SessionMessage message) {
        enqueue(new QueuedMessage(message, true));
        Workflow.await(() -> outcomes.containsKey(message.turnId()));
        Outcome outcome = outcomes.remove(message.turnId());
        if (outcome.turnIdTaken()) {
            throw ApplicationFailure.newNonRetryableFailure(outcome.error(), TURN_ID_TAKEN);
        }
        if (outcome.error() != null) {
            throw ApplicationFailure.newNonRetryableFailure(outcome.error(), LlmFailures.TURN_FAILED);
        }
        return outcome.result();
    }

    @Override
    public void validateSend(SessionMessage message) {
        if (ending) {
            throw new IllegalStateException("the session is ending; send the message again to start a new one");
        }
        if (message == null || message.text() == null || message.text().isBlank() || message.turnId() == null) {
            throw new IllegalArgumentException("a message needs text and a turn id");
        }
        String turnId = message.turnId();
        boolean otherText = current != null && current.turnId().equals(turnId) && !current.text().equals(message.text())
                || pending.stream().anyMatch(q -> q.message().turnId().equals(turnId)
                        && !q.message().text().equals(message.text()));
        if (otherText || recentTurnIds.contains(turnId)) {
            throw ApplicationFailure.newNonRetryableFailure(takenMessage(turnId), TURN_ID_TAKEN);
        }
    }

    @Override
    public void end() {
        ending = true;
    }

    @Override
    public SessionStatus status() {
        return new SessionStatus(current == null ? "idle" : "processing", pending.size(), turnsDone,
                current == null ? null : current.turnId(), lastReply, ending, state.run());
    }

    @Override
    public String lastReply() {
        return lastReply;
    }

    private void enqueue(QueuedMessage queued) {
        String turnId = queued.message().turnId();
        boolean known = recentTurnIds.contains(turnId) || current != null && turnId.equals(current.turnId())
                || pending.stream().anyMatch(q -> q.message().turnId().equals(turnId));
        if (known && !queued.awaited()) {
            return; // a resent signal: already queued or answered
        }
        pending.addLast(queued);
    }

    private void process(QueuedMessage queued) {
        SessionMessage message = queued.message();
        current = message;
        Outcome outcome;
        if (recentTurnIds.contains(message.turnId())) {
            outcome = Outcome.taken(message.turnId());
        } else {
            outcome = runTurn(message);
            turnsDone++;
            turnsThisRun++;
            remember(message.turnId());
        }
        if (outcome.result() != null) {
            lastReply = outcome.result().reply();
        }
        if (queued.awaited()) {
            outcomes.put(message.turnId(), outcome);
        }
        current = null;
    }

    private Outcome runTurn(SessionMessage message) {
        AgentTurnWorkflow turn = Workflow.newChildWorkflowStub(AgentTurnWorkflow.class, ChildWorkflowOptions.newBuilder()
                .setWorkflowId(TurnIds.workflowId(state.tenant(), message.turnId()))
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
        try {
            return Outcome.answered(turn.run(new TurnRequest(state.tenant(), state.session(), message.turnId(),
                    message.text())));
        } catch (ChildWorkflowFailure failure) {
            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
            if (cause instanceof WorkflowExecutionAlreadyStarted) {
                return Outcome.taken(message.turnId()); // a turn with this id was started elsewhere
            }
            String reason = cause instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : cause.getMessage();
            return Outcome.failed(reason);
        }
    }

    /** Says what is wrong without naming workflows: the client only knows turn ids. */
    private static String takenMessage(String turnId) {
        return TURN_ID_TAKEN + ": turnId '" + turnId + "' already names another turn";
    }

    private void remember(String turnId) {
        recentTurnIds.add(turnId);
        while (recentTurnIds.size() > REMEMBERED_TURNS) {
            recentTurnIds.removeFirst();
        }
    }

    private boolean timeToContinueAsNew() {
        return turnsThisRun >= state.turnsPerRun() || Workflow.getInfo().isContinueAsNewSuggested();
    }

    /** Hands the queue and the counters to a fresh run; the per-run counter starts again at zero there. */
    private void continueAsNew() {
        Workflow.await(Workflow::isEveryHandlerFinished);
        List<QueuedMessage> carried = new ArrayList<>(pending);
        Workflow.continueAsNew(new SessionState(state.tenant(), state.session(), state.idleTimeoutSeconds(),
                state.turnsPerRun(), carried, turnsDone, lastReply, List.copyOf(recentTurnIds), state.run() + 1));
    }
}
