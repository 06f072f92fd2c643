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
     * The tenant's workspace, an absolute real path, for exec backends and for naming; the tenant's programs
     * can write there, so do not open files under it yourself: use {@link #files()}.
     */
    Path workspace();

    /**
     * The workspace's files, reached without following links and without races with the tenant's own
     * programs. File tools must use this rather than {@code java.nio.file} on {@link #workspace()}.
     */
    WorkspaceFiles files();

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

    /**
     * The tenant's settings for the plugin of the tool being called ({@code toolSettings.<pluginId>} in the tenant
     * config); empty when the tenant gave none.
     */
    default ToolSettings settings() {
        return ToolSettings.EMPTY;
    }

    /**
     * A key that names this one tool call and stays the same when the platform runs the call again (a retry after a
     * worker died): hand it to a service that deduplicates requests (an {@code Idempotency-Key} header, a client
     * token) so that a side effect happens once. The platform's key is the turn's workflow id and the call's
     * activity id; it holds no secret. This default, for contexts that are not the platform's, names the turn only.
     */
    default String idempotencyKey() {
        return "talon/" + tenant() + "/turn/" + turnId();
    }
}
