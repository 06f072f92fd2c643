package dev.talon.plugins.exec.agentsandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.kubetest.KubeControlPlane;
import dev.talon.kubetest.KubeControlPlaneExtension;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend against a REAL kube-apiserver with the REAL agent-sandbox controller (v0.5.x, CRDs as it ships them):
 * claims are made Ready by the controller from a warm pool whose pods kwok runs on a fake node. Only the sandbox
 * runtime is ours ({@link FakeRuntime} on 127.0.0.1): pod IPs are fake and never dialled. The faults a real
 * cluster cannot show on cue (a claim that stays pending, a refusing API server, a slow Ready) stay in
 * {@link AgentSandboxExecBackendTest} with its fake API.
 */
class AgentSandboxRealControllerIT {

    @RegisterExtension
    static final KubeControlPlaneExtension KUBE = new KubeControlPlaneExtension();

    private static final String NAMESPACE = "agents";
    private static final Duration GENEROUS = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path sandboxes;

    private FakeRuntime runtime;

    @BeforeAll
    static void warmPool() {
        KubeControlPlane kube = KUBE.plane();
        kube.kubectl("create", "namespace", NAMESPACE);
        kube.kubectlWithInput("""
                apiVersion: extensions.agents.x-k8s.io/v1beta1
                kind: SandboxTemplate
                metadata: {name: python-runtime, namespace: agents}
                spec:
                  podTemplate:
                    spec:
                      containers:
                        - name: runtime
                          image: registry.k8s.io/agent-sandbox/python-runtime-sandbox:v0.1.1
                          ports: [{containerPort: 8888}]
                ---
                apiVersion: extensions.agents.x-k8s.io/v1beta1
                kind: SandboxWarmPool
                metadata: {name: python-pool, namespace: agents}
                spec:
                  replicas: 2
                  sandboxTemplateRef: {name: python-runtime}
                """, "apply", "-f", "-");
        kube.kubectl("-n", NAMESPACE, "wait", "--for=jsonpath={.status.readyReplicas}=2",
                "sandboxwarmpool/python-pool", "--timeout=90s");
    }

    @BeforeEach
    void startRuntime() throws IOException {
        runtime = new FakeRuntime(sandboxes);
    }

    @AfterEach
    void stopRuntime() {
        runtime.close();
    }

    @Test
    void theControllerReadiesAV1beta1ClaimFromTheWarmPoolAndCommandsGoToTheSandboxItNames() throws Exception {
        ExecResult result = run(backend("python-pool"), "s1", "echo warm");

        assertThat(result).isEqualTo(new ExecResult("warm\n", "", 0, false));
        JsonNode claim = claim(claimOf("s1"));
        String sandbox = claim.path("status").path("sandbox").path("name").asText();
        assertThat(sandbox).isNotEmpty();
        assertThat(runtime.calls()).singleElement().satisfies(call -> assertThat(call.sandbox()).isEqualTo(sandbox));
        // the Sandbox is a real object the controller handed over, with a pod kwok made Running
        JsonNode sandboxObject = JSON.readTree(KUBE.plane().kubectl("-n", NAMESPACE, "get",
                "sandboxes.agents.x-k8s.io", sandbox, "-o", "json"));
        assertThat(sandboxObject.path("metadata").path("name").asText()).isEqualTo(sandbox);
        // what the plugin wrote survived the CRD's schema (unknown fields would have been pruned)
        assertThat(claim.path("spec").path("warmPoolRef").path("name").asText()).isEqualTo("python-pool");
        Instant shutdown = Instant.parse(claim.path("spec").path("lifecycle").path("shutdownTime").asText());
        assertThat(shutdown).isAfter(Instant.now().plusSeconds(500)).isBefore(Instant.now().plusSeconds(700));
        assertThat(claim.path("spec").path("lifecycle").path("shutdownPolicy").asText()).isEqualTo("Delete");
        assertThat(claim.path("metadata").path("annotations").path("talon.dev/session").asText()).isEqualTo("s1");
    }

    @Test
    void anotherWorkerFindsTheSessionsClaimAndSandboxInsteadOfMakingOne() throws Exception {
        run(backend("python-pool"), "s2", "echo first > note.txt");

        ExecResult result = run(backend("python-pool"), "s2", "cat note.txt");

        assertThat(result.stdout()).isEqualTo("first\n");
        assertThat(runtime.calls()).extracting(FakeRuntime.Call::sandbox).hasSize(2).containsOnly(
                claim(claimOf("s2")).path("status").path("sandbox").path("name").asText());
    }

    @Test
    void sessionEndedDeletesTheClaimAndTheNextCommandMakesANewOne() throws Exception {
        AgentSandboxExecBackend backend = backend("python-pool");
        run(backend, "s3", "true");
        String firstUid = claim(claimOf("s3")).path("metadata").path("uid").asText();

        backend.sessionEnded("acme", "s3");

        assertThat(KUBE.plane().kubectl("-n", NAMESPACE, "get", "sandboxclaims", "-o", "name"))
                .doesNotContain(claimOf("s3"));
        assertThat(run(backend, "s3", "echo again").stdout()).isEqualTo("again\n");
        assertThat(claim(claimOf("s3")).path("metadata").path("uid").asText()).isNotEqualTo(firstUid);
    }

    @Test
    void aClaimDeletedBehindItsBackIsMadeAgain() throws Exception {
        AgentSandboxExecBackend backend = backend("python-pool");
        run(backend, "s4", "true");

        KUBE.plane().kubectl("-n", NAMESPACE, "delete", "sandboxclaim", claimOf("s4"), "--wait=true");
        ExecResult result = run(backend, "s4", "echo again");

        assertThat(result.stdout()).isEqualTo("again\n");
        assertThat(claim(claimOf("s4")).path("status").path("sandbox").path("name").asText()).isNotEmpty();
    }

    @Test
    void aClaimOnAMissingWarmPoolFailsAtOnceWithTheControllersReasonAndIsDeleted() throws Exception {
        ExecResult result = run(backend("no-such-pool"), "s5", "echo never");

        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.stderr()).startsWith("agent-sandbox: ").contains("cannot become Ready")
                .contains("WarmPoolNotFound").contains("SandboxWarmPool 'no-such-pool'");
        assertThat(KUBE.plane().kubectl("-n", NAMESPACE, "get", "sandboxclaims", "-o", "name"))
                .doesNotContain(claimOf("s5"));
        assertThat(runtime.calls()).isEmpty();
    }

    private AgentSandboxExecBackend backend(String warmPool) {
        Map<String, String> settings = new HashMap<>();
        settings.put("namespace", NAMESPACE);
        settings.put("api-version", "v1beta1");
        settings.put("warm-pool", warmPool);
        settings.put("kube-api-url", KUBE.plane().proxyUrl());
        settings.put("runtime-url-template", "http://127.0.0.1:" + runtime.port() + "/sandboxes/{namespace}/{sandbox}");
        settings.put("ready-timeout-seconds", "60");
        settings.put("idle-ttl-seconds", "600");
        return new AgentSandboxExecBackend(new MapPluginContext("exec-agent-sandbox", settings));
    }

    private static ExecResult run(AgentSandboxExecBackend backend, String session, String command)
            throws InterruptedException {
        return backend.exec(new ExecRequest(command, Path.of("/nowhere"), GENEROUS, Map.of(), "acme", session));
    }

    private static String claimOf(String session) {
        return ClaimNames.of(new SessionKey("acme", session));
    }

    private static JsonNode claim(String name) throws IOException {
        return JSON.readTree(KUBE.plane().kubectl("-n", NAMESPACE, "get", "sandboxclaim", name, "-o", "json"));
    }
}
