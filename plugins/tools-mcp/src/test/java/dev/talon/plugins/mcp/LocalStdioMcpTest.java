package dev.talon.plugins.mcp;

import dev.talon.api.ExecBackend;
import dev.talon.plugins.exec.local.LocalExecBackend;

class LocalStdioMcpTest extends StdioMcpContract {

    private final LocalExecBackend backend = new LocalExecBackend();

    @Override
    protected ExecBackend backend() {
        return backend;
    }

    @Override
    protected String workspaceInside() {
        return workspace.toString();
    }
}
