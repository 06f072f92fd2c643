package dev.talon.platform.workflow;

import io.temporal.common.VersioningBehavior;
import io.temporal.workflow.WorkflowVersioningBehavior;

/**
 * The session workflow as a versioned worker registers it: it moves to the deployment's current build at its next
 * task (auto-upgrade), where turns stay on the build that started them (the worker's default, pinned). Sessions
 * live for days, so pinning them would keep old builds running; their code changes are guarded by
 * {@code Workflow.getVersion} and proven by AgentSessionReplayTest. A separate class because the server refuses a
 * versioning behaviour from an unversioned worker, and the annotation cannot be switched off.
 */
public final class AutoUpgradingSessionWorkflowImpl implements AgentSessionWorkflow {

    private final AgentSessionWorkflowImpl session = new AgentSessionWorkflowImpl();

    @WorkflowVersioningBehavior(VersioningBehavior.AUTO_UPGRADE)
    @Override
    public void run(SessionState state) {
        session.run(state);
    }

    @Override
    public void message(SessionMessage message) {
        session.message(message);
    }

    @Override
    public TurnResult send(SessionMessage message) {
        return session.send(message);
    }

    @Override
    public void validateSend(SessionMessage message) {
        session.validateSend(message);
    }

    @Override
    public void end() {
        session.end();
    }

    @Override
    public SessionStatus status() {
        return session.status();
    }

    @Override
    public String lastReply() {
        return session.lastReply();
    }
}
