package dev.talon.plugins.exec.agentsandbox;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.api.PluginContext;
import java.io.IOException;
import java.time.Clock;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * Exec backend {@code agent-sandbox}: each session's commands run in its own sandbox pod of
 * <a href="https://github.com/kubernetes-sigs/agent-sandbox">agent-sandbox</a>, claimed with a SandboxClaim on
 * the session's first command and deleted when the session ends (or, unused, after {@code idle-ttl-seconds}).
 *
 * <p>Commands go to the sandbox runtime's {@code POST /execute}, wrapped in {@code sh -c} (see
 * {@link RuntimeCommand}), which also stops them at their time limit and on cancellation. With {@code workdir:
 * workspace} a session's sandbox mounts its tenant's workspace, and nothing else of the data volume (the claim
 * names the tenant, the template mounts {@code tenants/$(TALON_TENANT)/workspace}); commands start at the
 * request's working directory below it, resolved in the pod. When no sandbox can be had, or its runtime does
 * not answer, the result has exit code {@value #UNAVAILABLE_EXIT_CODE} and a stderr line starting
 * {@code agent-sandbox:} that says what failed and what to check.
 *
 * <p>Interactive programs ({@link dev.talon.api.ExecBackend#startInteractive}, e.g. MCP servers on stdio) are not
 * supported: the runtime's API runs a command and answers its output, it keeps no pipes open. The api's default
 * throws an {@link dev.talon.api.InteractiveUnsupportedException} naming this backend, which tools-mcp turns into a
 * tool error.
 */
@Extension
public class AgentSandboxExecBackend implements ExecBackend {

    /** The shell's "cannot execute": the command never ran. */
    static final int UNAVAILABLE_EXIT_CODE = 126;

    // What the platform allows as a tenant id, no more: it becomes a path segment in the pod's mount.
    private static final Pattern PATH_SAFE_TENANT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final System.Logger log;
    private final Clock clock;
    private final Settings settings;
    private final String settingsProblem;
    private final RuntimeClient runtime = new RuntimeClient();
    private SessionSandboxes sandboxes;

    public AgentSandboxExecBackend(PluginContext context) {
        this(context, Clock.systemUTC());
    }

    AgentSandboxExecBackend(PluginContext context, Clock clock) {
        this.log = context.logger();
        this.clock = clock;
        // Bad settings must not stop the platform from loading its plugins; they are reported with each command.
        Settings parsed = null;
        String problem = null;
        try {
            parsed = Settings.from(context);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        this.settings = parsed;
        this.settingsProblem = problem;
    }

    @Override
    public String id() {
        return "agent-sandbox";
    }

    @Override
    public ExecResult exec(ExecRequest request) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("cancelled before the command started");
        }
        if (settings != null && settings.workspacePath().isPresent()
                && !PATH_SAFE_TENANT.matcher(request.tenant()).matches()) {
            return unavailable("tenant id '" + request.tenant() + "' cannot name a directory of the data volume");
        }
        ReadySandbox sandbox;
        try {
            sandbox = sandboxes().acquire(new SessionKey(request.tenant(), request.session()));
        } catch (SandboxUnavailable e) {
            return unavailable(e.getMessage());
        }
        RuntimeClient.Target target = RuntimeClient.target(settings, sandbox);
        RuntimeCommand command = RuntimeCommand.of(request, settings.workspacePath());
        try {
            return runtime.execute(target, command, request.timeout());
        } catch (SandboxUnavailable e) {
            return unavailable(e.getMessage() + ", for SandboxClaim " + sandbox.claim() + " (sandbox "
                    + sandbox.name() + ") in namespace " + settings.namespace() + ". Check that the sandbox pod is"
                    + " running and its runtime listens on port " + settings.runtimePort() + ", and the settings "
                    + (settings.routerUrl().isPresent() ? "router-url" : "runtime-url-template")
                    + " of plugin exec-agent-sandbox");
        }
    }

    @Override
    public void sessionEnded(String tenant, String session) {
        try {
            sandboxes().release(new SessionKey(tenant, session));
        } catch (SandboxUnavailable e) {
            log.log(System.Logger.Level.WARNING, "session {0}/{1} ended, its sandbox was not released: {2}",
                    tenant, session, e.getMessage());
        }
    }

    // Connecting waits for the first command: a platform without a cluster still loads this plugin.
    private synchronized SessionSandboxes sandboxes() throws SandboxUnavailable {
        if (settings == null) {
            throw new SandboxUnavailable("plugin exec-agent-sandbox is not configured: " + settingsProblem
                    + " (settings talon.plugins.exec-agent-sandbox.*)");
        }
        if (sandboxes == null) {
            try {
                sandboxes = new SessionSandboxes(settings, ClaimClient.connect(settings), clock, log);
            } catch (IOException | RuntimeException e) {
                throw new SandboxUnavailable("cannot set up a Kubernetes client (" + e.getMessage() + "). Check"
                        + " the worker's kubeconfig or in-cluster service account, or set kube-api-url", e);
            }
        }
        return sandboxes;
    }

    private ExecResult unavailable(String message) {
        log.log(System.Logger.Level.WARNING, message);
        return new ExecResult("", "agent-sandbox: " + message + "\n", UNAVAILABLE_EXIT_CODE, false);
    }
}
