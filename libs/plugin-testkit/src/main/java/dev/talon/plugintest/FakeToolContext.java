package dev.talon.plugintest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ExecBackend;
import dev.talon.api.SecretResolver;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolSettings;
import dev.talon.api.WorkspaceFiles;
import dev.talon.files.ConfinedTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A tool call's context without Temporal: what the activity would hand a tool, fixed. Files are reached the way
 * the platform reaches them ({@link ConfinedTree}); heartbeats go nowhere; the call is never cancelled.
 * Start from {@link #in(Path)} and change what the test needs with the {@code with…} methods.
 */
public record FakeToolContext(String tenant, String session, String turnId, Path workspace,
                              Optional<ExecBackend> execBackend, Duration execTimeout, ToolSettings settings)
        implements ToolContext {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(10);

    public FakeToolContext {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(execBackend, "execBackend");
        Objects.requireNonNull(execTimeout, "execTimeout");
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * Tenant {@code tenant-1}, session {@code session-1}, turn {@code turn-1}, no exec backend, 10 s timeout, no
     * tool settings.
     */
    public static FakeToolContext in(Path workspace) {
        return new FakeToolContext("tenant-1", "session-1", "turn-1", workspace, Optional.empty(), DEFAULT_EXEC_TIMEOUT,
                ToolSettings.EMPTY);
    }

    public FakeToolContext withIds(String tenant, String session, String turnId) {
        return new FakeToolContext(tenant, session, turnId, workspace, execBackend, execTimeout, settings);
    }

    public FakeToolContext withExecBackend(ExecBackend backend) {
        return withExecBackend(Optional.of(backend));
    }

    public FakeToolContext withExecBackend(Optional<ExecBackend> backend) {
        return new FakeToolContext(tenant, session, turnId, workspace, backend, execTimeout, settings);
    }

    public FakeToolContext withExecTimeout(Duration timeout) {
        return new FakeToolContext(tenant, session, turnId, workspace, execBackend, timeout, settings);
    }

    public FakeToolContext withSettings(ToolSettings toolSettings) {
        return new FakeToolContext(tenant, session, turnId, workspace, execBackend, execTimeout, toolSettings);
    }

    /** The tenant's settings for the tool's plugin, as JSON; secret references are read by {@code secrets}. */
    public FakeToolContext withSettings(String json, SecretResolver secrets) {
        try {
            return withSettings(ToolSettings.of(JSON.readTree(json), secrets));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }

    public FakeToolContext withSettings(String json) {
        return withSettings(json, SecretResolver.NONE);
    }

    @Override
    public WorkspaceFiles files() {
        return ConfinedTree.at(workspace);
    }

    @Override
    public void heartbeat(Object details) {
        // no activity to report to
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
