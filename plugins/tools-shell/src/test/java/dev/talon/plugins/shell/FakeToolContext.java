package dev.talon.plugins.shell;

import dev.talon.api.ExecBackend;
import dev.talon.api.ToolContext;
import dev.talon.api.WorkspaceFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A tool context with a workspace, an optional exec backend and a timeout; nothing is ever cancelled. */
record FakeToolContext(Path workspace, Optional<ExecBackend> execBackend, Duration execTimeout) implements ToolContext {

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
    public void heartbeat(Object details) {
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public WorkspaceFiles files() {
        throw new UnsupportedOperationException("the exec tool reaches files only through its exec backend");
    }
}
