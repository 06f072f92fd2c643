package dev.talon.plugins.exec.agentsandbox;

import dev.talon.api.ExecBackend;
import dev.talon.plugins.exec.contract.ExecBackendContract;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * exec-agent-sandbox against the contract every exec backend meets: a fake Kubernetes API and a real runtime
 * on this machine, the sandbox sharing the workers' data volume ({@code workdir: request}), as a deployment
 * whose workspace tools and commands see the same files would.
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
        backend = new AgentSandboxExecBackend(new MapContext(Map.of(
                "namespace", "agents",
                "template", "python-runtime",
                "kube-api-url", kube.url(),
                "runtime-url-template", "http://127.0.0.1:" + runtime.port() + "/sandboxes/{namespace}/{sandbox}",
                "workdir", "request")));
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
