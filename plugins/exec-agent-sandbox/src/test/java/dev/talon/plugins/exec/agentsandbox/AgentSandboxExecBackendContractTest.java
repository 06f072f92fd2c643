package dev.talon.plugins.exec.agentsandbox;

import dev.talon.api.ExecBackend;
import dev.talon.plugins.exec.contract.ExecBackendContract;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * exec-agent-sandbox against the contract every exec backend meets: a fake Kubernetes API and a real runtime
 * on this machine, the sandbox mounting the tenant's workspace ({@code workdir: workspace}), as a deployment
 * whose workspace tools and commands see the same files would. The runtime runs on this host, so the "pod's"
 * mount point is the workspace's own path ({@code workspace-path}), and its environment is what the claim set.
 */
class AgentSandboxExecBackendContractTest extends ExecBackendContract {

    @TempDir
    Path sandboxes;

    private FakeKubernetes kube;
    private FakeRuntime runtime;
    private AgentSandboxExecBackend backend;

    @BeforeEach
    void startCluster() throws IOException {
        kube = new FakeKubernetes();
        kube.readyDelay = Duration.ofMillis(50);
        runtime = new FakeRuntime(sandboxes);
        runtime.podEnv = sandbox -> kube.podEnv("agents", sandbox);
        backend = new AgentSandboxExecBackend(new MapPluginContext("exec-agent-sandbox", Map.of(
                "namespace", "agents",
                "template", "python-runtime",
                "kube-api-url", kube.url(),
                "runtime-url-template", "http://127.0.0.1:" + runtime.port() + "/sandboxes/{namespace}/{sandbox}",
                "workdir", "workspace",
                "workspace-path", workspace().toString())));
    }

    @AfterEach
    void stopCluster() {
        kube.close();
        runtime.close();
    }

    @Override
    protected ExecBackend backend() {
        return backend;
    }
}
