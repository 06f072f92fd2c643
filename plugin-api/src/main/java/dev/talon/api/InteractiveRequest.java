package dev.talon.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A long-running program to talk to over its standard input and output (an MCP server on stdio), started by an
 * {@link ExecBackend} under the same rules as its {@link ExecBackend#exec commands}: in the tenant's sandbox, the
 * workspace root as its working directory, a clean environment.
 *
 * @param argv        the program and its arguments, run as given (no shell); a relative program is looked up on the
 *                    sandbox's {@code PATH}, a relative path with a slash from the workspace root
 * @param workspace   the tenant's workspace root, as the platform's layout gives it: the working directory
 * @param maxLifetime how long the program may live at most; the backend kills it then, whatever it is doing
 * @param env         extra environment variables; backends decide what else the program sees
 * @param tenant      the tenant the program runs for
 * @param session     the session it runs for; empty when unknown
 */
public record InteractiveRequest(List<String> argv, Path workspace, Duration maxLifetime, Map<String, String> env,
                                 String tenant, String session) {

    public InteractiveRequest {
        Objects.requireNonNull(argv, "argv");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        argv = List.copyOf(argv);
        if (argv.isEmpty() || argv.getFirst().isEmpty()) {
            throw new IllegalArgumentException("the program to start is missing");
        }
        if (!workspace.isAbsolute()) {
            throw new IllegalArgumentException("the workspace must be an absolute path: " + workspace);
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("the lifetime must be positive: " + maxLifetime);
        }
        workspace = workspace.normalize();
        env = env == null ? Map.of() : Map.copyOf(env);
        tenant = tenant == null ? "" : tenant;
        session = session == null ? "" : session;
    }
}
