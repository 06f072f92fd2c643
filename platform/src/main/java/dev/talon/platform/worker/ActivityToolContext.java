package dev.talon.platform.worker;

import dev.talon.api.ExecBackend;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolSettings;
import dev.talon.api.WorkspaceFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A tool call's view of its activity; heartbeats and cancellation come from {@link ActivityHeartbeat}. */
final class ActivityToolContext implements ToolContext {

    private final String tenant;
    private final String session;
    private final String turnId;
    private final Path workspace;
    private final WorkspaceFiles files;
    private final Optional<ExecBackend> execBackend;
    private final Duration execTimeout;
    private final ActivityHeartbeat heartbeat;
    private final ToolSettings settings;
    private final String idempotencyKey;

    ActivityToolContext(String tenant, String session, String turnId, Path workspace, WorkspaceFiles files,
                        Optional<ExecBackend> execBackend, Duration execTimeout, ActivityHeartbeat heartbeat,
                        ToolSettings settings, String idempotencyKey) {
        this.tenant = tenant;
        this.session = session;
        this.turnId = turnId;
        this.workspace = workspace;
        this.files = files;
        this.execBackend = execBackend;
        this.execTimeout = execTimeout;
        this.heartbeat = heartbeat;
        this.settings = settings;
        this.idempotencyKey = idempotencyKey;
    }

    @Override
    public String idempotencyKey() {
        return idempotencyKey;
    }

    @Override
    public ToolSettings settings() {
        return settings;
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
    public WorkspaceFiles files() {
        return files;
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
        heartbeat.beat(details);
    }

    @Override
    public boolean isCancelled() {
        return heartbeat.cancelled();
    }
}
