package dev.talon.plugins.exec.agentsandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ExecBackend;
import dev.talon.kubetest.KubeControlPlaneExtension;
import dev.talon.plugins.exec.contract.ExecBackendContract;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec-backend contract with the tenant's workspace mounted ({@code workdir: workspace}), claims made Ready by
 * the REAL agent-sandbox controller: every claim sets {@code TALON_TENANT} in {@code spec.env}, the controller puts
 * it into the sandbox's pod (a template with {@code envVarsInjectionPolicy: Allowed}), and the runtime on
 * 127.0.0.1 runs each command with the environment that pod really has.
 */
class AgentSandboxContractIT extends ExecBackendContract {

    @RegisterExtension
    static final KubeControlPlaneExtension KUBE = new KubeControlPlaneExtension();

    private static final String NAMESPACE = "agents";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path sandboxes;

    private FakeRuntime runtime;
    private AgentSandboxExecBackend backend;

    @BeforeAll
    static void workspaceTemplate() {
        KUBE.plane().kubectl("create", "namespace", NAMESPACE);
        KUBE.plane().kubectlWithInput("""
                apiVersion: extensions.agents.x-k8s.io/v1beta1
                kind: SandboxTemplate
                metadata: {name: python-workspace, namespace: agents}
                spec:
                  envVarsInjectionPolicy: Allowed
                  podTemplate:
                    spec:
                      containers:
                        - name: runtime
                          image: registry.k8s.io/agent-sandbox/python-runtime-sandbox:v0.1.1
                ---
                apiVersion: extensions.agents.x-k8s.io/v1beta1
                kind: SandboxWarmPool
                metadata: {name: python-workspace, namespace: agents}
                spec:
                  replicas: 1
                  sandboxTemplateRef: {name: python-workspace}
                """, "apply", "-f", "-");
    }

    @BeforeEach
    void startBackend() throws IOException {
        runtime = new FakeRuntime(sandboxes);
        runtime.podEnv = AgentSandboxContractIT::podEnv;
        backend = new AgentSandboxExecBackend(new MapPluginContext("exec-agent-sandbox", Map.of(
                "namespace", NAMESPACE,
                "api-version", "v1beta1",
                "warm-pool", "python-workspace",
                "kube-api-url", KUBE.plane().proxyUrl(),
                "runtime-url-template", "http://127.0.0.1:" + runtime.port() + "/sandboxes/{namespace}/{sandbox}",
                "ready-timeout-seconds", "60",
                "workdir", "workspace",
                "workspace-path", workspace().toString())));
    }

    @AfterEach
    void stopRuntime() {
        runtime.close();
    }

    @Override
    protected ExecBackend backend() {
        return backend;
    }

    /** The environment of the sandbox's pod as the API server holds it (the controller names the pod after it). */
    private static Map<String, String> podEnv(String sandbox) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            JsonNode pod = JSON.readTree(KUBE.plane().kubectl("-n", NAMESPACE, "get", "pod", sandbox, "-o", "json"));
            pod.path("spec").path("containers").path(0).path("env").forEach(variable ->
                    env.put(variable.path("name").asText(), variable.path("value").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }
}
