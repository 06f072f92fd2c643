package dev.talon.api;

/** The tenant's exec backend cannot run interactive programs ({@link ExecBackend#startInteractive}). */
public final class InteractiveUnsupportedException extends UnsupportedOperationException {

    public InteractiveUnsupportedException(String backendId) {
        super("exec backend '" + backendId + "' cannot run interactive programs (such as MCP servers on stdio); "
                + "exec backends 'local' and 'bubblewrap' can");
    }
}
