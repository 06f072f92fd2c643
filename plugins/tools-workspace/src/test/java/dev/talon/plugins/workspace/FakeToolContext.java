package dev.talon.plugins.workspace;

import dev.talon.api.ExecBackend;
import dev.talon.api.ToolContext;
import dev.talon.api.WorkspaceFiles;
import dev.talon.files.ConfinedTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A tool context for one workspace; the file tools need nothing else. */
record FakeToolContext(Path workspace) implements ToolContext {

    @Override
    public String tenant() {
        return "tenant-1";
    }

    @Override
    public String session() {
        return "session-1";
    }

    @Override
    public String turnId() {
        return "turn-1";
    }

    @Override
    public WorkspaceFiles files() {
        return ConfinedTree.at(workspace);
    }

    @Override
    public Optional<ExecBackend> execBackend() {
        return Optional.empty();
    }

    @Override
    public Duration execTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public void heartbeat(Object details) {
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
