package dev.talon.platform.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import dev.talon.files.ConfinedTree;

/**
 * Where things live on the workspace volume ({@code talon.data-dir}). Any worker that mounts the volume can
 * run any activity, so every path is derived from ids alone:
 * <pre>
 * tenants/{tenant}/workspace/                  file and shell tools are confined here
 * tenants/{tenant}/sessions/{session}.jsonl    the conversation (nanobot layout)
 * tenants/{tenant}/workspace/memory/           MEMORY.md (long-term memory), HISTORY.md (consolidation log)
 * tenants/{tenant}/workspace/skills/           skills/{name}/SKILL.md
 * tenants/{tenant}/memory/MEMORY.md            long-term memory of data dirs from before it moved into the workspace
 * tenants/{tenant}/turns/{turnId}/log.jsonl    a running turn's messages (see TurnLog), removed once recorded
 * tenants/{tenant}/turns/{turnId}/stream.jsonl what its LLM calls streamed, for live SSE (TurnStreamWriter), removed with it
 * tenants/{tenant}/tool-outputs/{turnId}/      whole tool outputs too long for the LLM (see LongToolOutput)
 * </pre>
 * Ids are validated before they get here ({@link dev.talon.platform.tenant.Ids}), so they cannot escape.
 * Only {@code workspace/} is the tenant's to write (its sandbox binds it); everything the platform keeps is
 * beside it, and what the platform reads from either goes through a {@link ConfinedTree}: no link followed,
 * no special file opened, every read size-capped.
 */
public final class DataLayout {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    public DataLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path tenantDir(String tenant) {
        return root.resolve("tenants").resolve(tenant);
    }

    /**
     * The tenant's workspace as a real path, created if missing. The tenants folder and the tenant's own are
     * kept owner-only (0700): other users of the host read no conversation, memory or workspace.
     */
    public Path workspace(String tenant) {
        Path workspace = tenantDir(tenant).resolve("workspace");
        try {
            Files.createDirectories(workspace);
            Files.setPosixFilePermissions(root.resolve("tenants"), OWNER_ONLY);
            Files.setPosixFilePermissions(tenantDir(tenant), OWNER_ONLY);
            return workspace.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create workspace " + workspace, e);
        }
    }

    /** The workspace's files, as tools and the prompt builder must reach them. */
    public ConfinedTree workspaceFiles(String tenant) {
        return ConfinedTree.at(workspace(tenant));
    }

    /** The tenant's directory, for what the platform keeps there (sessions, memory, tool outputs). */
    public ConfinedTree tenantFiles(String tenant) {
        return ConfinedTree.at(tenantDir(tenant));
    }

    public Path sessionFile(String tenant, String session) {
        return tenantDir(tenant).resolve("sessions").resolve(session + ".jsonl");
    }

    public Path turnLog(String tenant, String turnId) {
        return tenantDir(tenant).resolve("turns").resolve(turnId).resolve("log.jsonl");
    }

    public Path turnStream(String tenant, String turnId) {
        return turnLog(tenant, turnId).resolveSibling("stream.jsonl");
    }

    /** Where data dirs from before memory moved into the workspace kept it; read when the workspace has none. */
    public Path memoryFile(String tenant) {
        return tenantDir(tenant).resolve("memory").resolve("MEMORY.md");
    }
}
