package dev.talon.plugins.exec.contract;

import dev.talon.api.ExecBackend;

/** The contract run against {@link SloppyBackend}; launched by {@link ExecBackendContractTest}, not by the build. */
class SloppyBackendContract extends ExecBackendContract {

    private final SloppyBackend backend = new SloppyBackend();

    @Override
    protected ExecBackend backend() {
        return backend;
    }
}
