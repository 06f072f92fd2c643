package dev.talon.platform.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-running workflow per (tenant, session): messages arrive as signals (fire and forget) or as updates
 * (the reply comes back in the same call), and are answered one at a time, in arrival order, each by an
 * {@link AgentTurnWorkflow} child. Memory lives in the session file, so it survives continue-as-new and restarts.
 */
@WorkflowInterface
public interface AgentSessionWorkflow {

    /**
     * The failure type of a {@code send} whose turn id already names another turn: a different message queued or
     * running in this session, a turn this session answered, or a turn started elsewhere. The SDK drops the type of
     * a validator's failure, so the message of every such failure starts with it too ({@code TurnIdTaken: ...}).
     */
    String TURN_ID_TAKEN = "TurnIdTaken";

    @WorkflowMethod(name = "AgentSession")
    void run(SessionState state);

    /** Queues a message without waiting for its reply. */
    @SignalMethod(name = "message")
    void message(SessionMessage message);

    /** Queues a message and returns its reply once its turn has run. */
    @UpdateMethod(name = "send")
    TurnResult send(SessionMessage message);

    @UpdateValidatorMethod(updateName = "send")
    void validateSend(SessionMessage message);

    /** Ends the session after the messages already queued. */
    @SignalMethod(name = "end")
    void end();

    @QueryMethod(name = "status")
    SessionStatus status();

    @QueryMethod(name = "lastReply")
    String lastReply();
}
