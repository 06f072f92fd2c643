package dev.talon.plugins.exec.bubblewrap;

import dev.talon.api.ExecBackend;
import dev.talon.plugins.exec.contract.ExecBackendContract;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

class BubblewrapExecBackendContractTest extends ExecBackendContract {

    private final BubblewrapExecBackend backend = new BubblewrapExecBackend(MapPluginContext.none("exec-bubblewrap"));

    @BeforeAll
    static void bubblewrapWorks() {
        RealBubblewrap.assertWorks();
    }

    @Override
    protected ExecBackend backend() {
        return backend;
    }

    // As the backend leaves it after a first command: the root is the sandbox user's when the platform is root.
    @Override
    protected Path createWorkspace(Path tempDir) throws IOException {
        Path workspace = super.createWorkspace(tempDir);
        if (HostUser.isRoot()) {
            WorkspaceRoot.ownBy(workspace, SandboxSettings.DEFAULTS.uids().uidFor(TENANT));
        }
        return workspace;
    }
}
