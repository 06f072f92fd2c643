package dev.talon.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One shell command.
 *
 * @param command the command line, run by {@code sh -c} so that pipes and {@code &&} work
 * @param workDir the directory it starts in, inside the tenant workspace
 * @param timeout how long it may run before it is killed
 * @param env     extra environment variables; backends decide what else the command sees
 * @param tenant  the tenant the command runs for (backends that keep a sandbox per session key on it)
 * @param session the session the command runs for; empty when unknown
 */
public record ExecRequest(String command, Path workDir, Duration timeout, Map<String, String> env, String tenant,
                          String session) {

    public ExecRequest {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(timeout, "timeout");
        env = env == null ? Map.of() : Map.copyOf(env);
        tenant = tenant == null ? "" : tenant;
        session = session == null ? "" : session;
    }

    /** A command outside any tenant or session: for backends' own tests and tools. */
    public ExecRequest(String command, Path workDir, Duration timeout, Map<String, String> env) {
        this(command, workDir, timeout, env, "", "");
    }
}
