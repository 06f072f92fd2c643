package dev.talon.platform.sandbox;

import dev.talon.api.ExecBackend;
import dev.talon.api.ToolContext;
import dev.talon.api.WorkspaceFiles;
import dev.talon.files.ConfinedTree;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A tool call's context without Temporal: what the activity would hand a tool, fixed. */
record FixedToolContext(String tenant, String session, String turnId, Path workspace,
                        Optional<ExecBackend> execBackend, Duration execTimeout) implements ToolContext {

    @Override
    public void heartbeat(Object details) {
        // no activity to report to
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public WorkspaceFiles files() {
        return ConfinedTree.at(workspace);
    }
}
