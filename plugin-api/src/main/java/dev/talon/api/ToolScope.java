package dev.talon.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one tenant's tools run, for a provider that finds its tools by running something (an MCP server on stdio
 * started in the tenant's sandbox) or checks settings that need exec.
 *
 * @param tenant      the tenant
 * @param execEnabled false when the tenant's exec policy is {@code disabled}: nothing of the tenant may run
 * @param execBackend the tenant's exec backend; empty when exec is disabled, or when only checking settings
 * @param workspace   the tenant's workspace root; empty when only checking settings
 * @param execTimeout how long one command of the tenant may run
 */
public record ToolScope(String tenant, boolean execEnabled, Optional<ExecBackend> execBackend,
                        Optional<Path> workspace, Duration execTimeout) {

    public ToolScope {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(execBackend, "execBackend");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(execTimeout, "execTimeout");
    }

    /** A scope to check settings in: whether the tenant may run anything, nothing to run it with. */
    public static ToolScope forChecking(String tenant, boolean execEnabled) {
        return new ToolScope(tenant, execEnabled, Optional.empty(), Optional.empty(), Duration.ofSeconds(60));
    }
}
