package dev.talon.plugins.exec.agentsandbox;

/**
 * The command could not be run: no Ready sandbox, or no answer from its runtime. The message is read by the
 * model and by whoever runs the cluster, so it says what failed and what to check, and holds no secrets.
 */
final class SandboxUnavailable extends Exception {

    SandboxUnavailable(String message) {
        super(message);
    }

    SandboxUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
