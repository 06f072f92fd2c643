package dev.talon.plugins.mcp;

import dev.talon.api.ExecBackend;
import java.nio.file.Path;

/** Where a tenant's stdio MCP server is started: its exec backend, in its workspace, for a session. */
record SandboxPlace(ExecBackend backend, Path workspace, String tenant, String session) {
}
