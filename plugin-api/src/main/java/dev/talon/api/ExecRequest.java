package dev.talon.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One shell command.
 *
 * <p>{@code workspace} and {@code workDir} are host paths, but only {@code workspace} names a directory a
 * backend may open on the host. {@code workDir} is {@code workspace} or a path under it, lexically normalized (no
 * {@code .} or {@code ..}), and is <em>never to be resolved on the host</em>: everything below the workspace root
 * is the tenant's to change, so a directory there may be a symbolic link by the time a backend looks, or be
 * swapped for one while it looks. A sandboxing backend mounts {@code workspace} and starts the command at
 * {@link #relativeWorkDir()} inside the sandbox, where a link can only lead to what the sandbox shows. Only a
 * backend that isolates nothing (trusted tenants only) may use {@code workDir} as a host directory.
 *
 * @param command   the command line, run by {@code sh -c} so that pipes and {@code &&} work
 * @param workspace the tenant's workspace root, as the platform's layout gives it (not derived from anything the
 *                  tenant can write); the only host directory a sandbox may bind
 * @param workDir   where the command starts: {@code workspace} or a directory under it, lexically normalized
 * @param timeout   how long it may run before it is killed
 * @param env       extra environment variables; backends decide what else the command sees
 * @param tenant    the tenant the command runs for (backends that keep a sandbox per session key on it)
 * @param session   the session the command runs for; empty when unknown
 */
public record ExecRequest(String command, Path workspace, Path workDir, Duration timeout, Map<String, String> env,
                          String tenant, String session) {

    public ExecRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(timeout, "timeout");
        if (!workspace.isAbsolute()) {
            throw new IllegalArgumentException("the workspace must be an absolute path: " + workspace);
        }
        workspace = workspace.normalize();
        workDir = workspace.resolve(workDir).normalize();
        if (!workDir.startsWith(workspace)) {
            throw new IllegalArgumentException("the working directory must be inside the workspace: " + workDir);
        }
        env = env == null ? Map.of() : Map.copyOf(env);
        tenant = tenant == null ? "" : tenant;
        session = session == null ? "" : session;
    }

    /**
     * A command for a tenant, its workspace root inferred from {@code workDir} alone: the nearest ancestor laid out
     * as the platform lays workspaces out ({@code .../tenants/{tenant}/workspace}), else {@code workDir} itself.
     * Kept for tools built before {@code workspace} was part of the request; prefer the canonical constructor.
     */
    public ExecRequest(String command, Path workDir, Duration timeout, Map<String, String> env, String tenant,
                       String session) {
        this(command, inferredWorkspace(workDir, tenant), workDir, timeout, env, tenant, session);
    }

    /** A command outside any tenant or session, in {@code workDir} as its own workspace: for backends' own tests. */
    public ExecRequest(String command, Path workDir, Duration timeout, Map<String, String> env) {
        this(command, workDir, workDir, timeout, env, "", "");
    }

    /** {@code workDir} relative to {@code workspace}: empty for the root itself, never with {@code ..}. */
    public Path relativeWorkDir() {
        return workspace.relativize(workDir);
    }

    // Lexical only, on purpose: the path is not looked up on the host.
    private static Path inferredWorkspace(Path workDir, String tenant) {
        Objects.requireNonNull(workDir, "workDir");
        Path normalized = workDir.normalize();
        if (tenant != null && !tenant.isEmpty()) {
            for (Path dir = normalized; dir != null && dir.getNameCount() >= 3; dir = dir.getParent()) {
                Path tenantDir = dir.getParent();
                if (dir.getFileName().toString().equals("workspace")
                        && tenantDir.getFileName().toString().equals(tenant)
                        && tenantDir.getParent().getFileName().toString().equals("tenants")) {
                    return dir;
                }
            }
        }
        return normalized;
    }
}
