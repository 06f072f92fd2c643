package dev.talon.platform.plugin;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.api.InteractiveProcess;
import dev.talon.api.InteractiveRequest;
import java.io.IOException;
import java.nio.file.Path;

/** An exec backend whose calls are counted, so its plugin version is not unloaded under them. */
final class CountedExecBackend implements ExecBackend {

    private final ExecBackend backend;
    private final InFlightCalls calls;
    // read once: lookups compare ids often and must not call into a version that may be unloading
    private final String id;

    CountedExecBackend(ExecBackend backend, InFlightCalls calls) {
        this.backend = backend;
        this.calls = calls;
        this.id = backend.id();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ExecResult exec(ExecRequest request) throws InterruptedException {
        calls.enter();
        try {
            return backend.exec(request);
        } finally {
            calls.exit();
        }
    }

    /** Counted from the start until the program is closed: its plugin's classes run it all that time. */
    @Override
    public InteractiveProcess startInteractive(InteractiveRequest request) throws IOException {
        calls.enter();
        try {
            return new CountedInteractiveProcess(backend.startInteractive(request), calls);
        } catch (IOException | RuntimeException | Error e) {
            calls.exit();
            throw e;
        }
    }

    @Override
    public void sessionEnded(String tenant, String session) {
        calls.enter();
        try {
            backend.sessionEnded(tenant, session);
        } finally {
            calls.exit();
        }
    }

    @Override
    public void prepareWorkspace(String tenant, Path workspace) {
        calls.enter();
        try {
            backend.prepareWorkspace(tenant, workspace);
        } finally {
            calls.exit();
        }
    }
}
