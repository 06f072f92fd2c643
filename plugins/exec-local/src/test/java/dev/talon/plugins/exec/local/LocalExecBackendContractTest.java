package dev.talon.plugins.exec.local;

import dev.talon.api.ExecBackend;
import dev.talon.plugins.exec.contract.ExecBackendContract;

/** exec-local against the contract every exec backend meets. */
class LocalExecBackendContractTest extends ExecBackendContract {

    private final LocalExecBackend backend = new LocalExecBackend();

    @Override
    protected ExecBackend backend() {
        return backend;
    }
}
