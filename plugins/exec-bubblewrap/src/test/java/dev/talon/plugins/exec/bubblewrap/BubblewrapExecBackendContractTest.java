package dev.talon.plugins.exec.bubblewrap;

import dev.talon.api.ExecBackend;
import dev.talon.plugins.exec.contract.ExecBackendContract;
import org.junit.jupiter.api.BeforeAll;

/** exec-bubblewrap against the contract every exec backend meets, with real bwrap and default settings. */
class BubblewrapExecBackendContractTest extends ExecBackendContract {

    private final BubblewrapExecBackend backend = new BubblewrapExecBackend(Settings.none());

    @BeforeAll
    static void bubblewrapWorks() {
        RealBubblewrap.assertWorks();
    }

    @Override
    protected ExecBackend backend() {
        return backend;
    }
}
