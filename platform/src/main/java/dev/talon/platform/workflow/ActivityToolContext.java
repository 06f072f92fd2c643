package dev.talon.platform.workflow;

import dev.talon.api.ExecBackend;
import dev.talon.api.ToolContext;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A tool call's view of its activity. Heartbeats go to Temporal from a timer thread while the tool runs;
 * when Temporal answers that the activity was cancelled, the tool's thread is interrupted, which exec
 * backends take as "kill the command".
 */
final class ActivityToolContext implements ToolContext {

    private final String tenant;
    private final String session;
    private final String turnId;
    private final Path workspace;
    private final Optional<ExecBackend> execBackend;
    private final Duration execTimeout;
    private final ActivityExecutionContext activity;
    private final Thread toolThread;
    private volatile Object lastDetails;
    private volatile boolean cancelled;
    private boolean finished;

    ActivityToolContext(String tenant, String session, String turnId, Path workspace,
                        Optional<ExecBackend> execBackend, Duration execTimeout,
                        ActivityExecutionContext activity, Thread toolThread) {
        this.tenant = tenant;
        this.session = session;
        this.turnId = turnId;
        this.workspace = workspace;
        this.execBackend = execBackend;
        this.execTimeout = execTimeout;
        this.activity = activity;
        this.toolThread = toolThread;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public String session() {
        return session;
    }

    @Override
    public String turnId() {
        return turnId;
    }

    @Override
    public Path workspace() {
        return workspace;
    }

    @Override
    public Optional<ExecBackend> execBackend() {
        return execBackend;
    }

    @Override
    public Duration execTimeout() {
        return execTimeout;
    }

    @Override
    public void heartbeat(Object details) {
        lastDetails = details;
        heartbeatOrInterrupt();
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Called by the heartbeat timer and by tools. */
    void heartbeatOrInterrupt() {
        try {
            activity.heartbeat(lastDetails);
        } catch (ActivityCompletionException e) {
            synchronized (this) {
                cancelled = true;
                if (!finished) {
                    toolThread.interrupt();
                }
            }
        }
    }

    /** The tool returned: no interrupt may reach its thread any more, and none may stay pending on it. */
    synchronized void finish() {
        finished = true;
        Thread.interrupted();
    }
}
