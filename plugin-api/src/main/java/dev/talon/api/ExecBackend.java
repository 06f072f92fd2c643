package dev.talon.api;

import java.io.IOException;
import java.nio.file.Path;
import org.pf4j.ExtensionPoint;

/**
 * Runs shell commands for tools. Tenants pick one by id in their config ({@code exec: {backend: local}});
 * the backend decides how isolated a command is.
 *
 * <p>Cancellation is a thread interrupt: when the calling thread is interrupted, kill the command and
 * everything it started, then throw {@link InterruptedException}.
 */
public interface ExecBackend extends ExtensionPoint {

    /** A short stable name, e.g. {@code local} or {@code bubblewrap}. */
    String id();

    /**
     * Runs one command and waits for it. On timeout, kill the command and everything it started and return
     * a result with {@code timedOut} set.
     */
    ExecResult exec(ExecRequest request) throws InterruptedException;

    /**
     * Starts a program to talk to over its standard input and output, confined as this backend confines commands
     * ({@link InteractiveRequest}). The program is killed with everything it started on
     * {@link InteractiveProcess#close()}, at the end of its lifetime, and when the platform dies where the backend
     * can see to that. The default: not supported.
     *
     * @throws InteractiveUnsupportedException when this backend cannot do it
     * @throws IOException                     when the program cannot be started
     */
    default InteractiveProcess startInteractive(InteractiveRequest request) throws IOException {
        throw new InteractiveUnsupportedException(id());
    }

    /**
     * The session ended: release whatever the backend keeps for it (a sandbox, a container). Called at most
     * once per session end; the default keeps nothing.
     */
    default void sessionEnded(String tenant, String session) {
    }

    /**
     * A tool of the tenant is about to run in {@code workspace} (the root, from the platform's layout): make it
     * the sandbox's, e.g. give the root directory to the user the sandbox runs as, so that what the platform's
     * file tools create there (owned like the root) is the sandbox's to change too. Never follow a link below
     * the root. The default does nothing.
     */
    default void prepareWorkspace(String tenant, Path workspace) {
    }
}
