package dev.talon.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What a tool call knows about where it runs. */
public interface ToolContext {

    String tenant();

    String session();

    String turnId();

    /**
     * The tenant's workspace, an absolute real path. File tools must stay inside it: refuse absolute
     * paths, {@code ..} and symlinks that lead outside.
     */
    Path workspace();

    /** The tenant's exec backend, empty when the tenant's exec policy is {@code disabled}. */
    Optional<ExecBackend> execBackend();

    /** How long one command may run, from the tenant's limits. */
    Duration execTimeout();

    /**
     * Tells Temporal the call is alive. The platform already heartbeats while a tool runs; call this to
     * attach progress details.
     */
    void heartbeat(Object details);

    /** True once the turn was cancelled; long-running tools should stop early. */
    boolean isCancelled();
}
