package dev.talon.plugins.exec.agentsandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workdir: workspace}: each session's sandbox mounts its own tenant's workspace and nothing else of the data
 * volume. The claim names the tenant ({@code spec.env} {@code TALON_TENANT}), the template mounts
 * {@code tenants/$(TALON_TENANT)/workspace}, and a sandbox whose environment names another tenant runs nothing.
 * Against the module's fake API server and runtime; a real kube-apiserver and controller are not part of this test.
 */
@Tag("hostile-model")
@DisplayName("agent-sandbox mounts all tenants' data: a sandbox mounts only its own tenant's workspace")
class TenantWorkspaceMountTest {

    private static final String NAMESPACE = "agents";
    private static final Duration GENEROUS = Duration.ofSeconds(20);
    private static final Path DATA = Path.of("/data");

    @TempDir
    Path sandboxes;
    @TempDir
    Path podWorkspace;

    private FakeKubernetes kube;
    private FakeRuntime runtime;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws IOException {
        kube = new FakeKubernetes();
        kube.readyDelay = Duration.ofMillis(50);
        runtime = new FakeRuntime(sandboxes);
        // the controller puts the claim's spec.env in the pod's environment
        runtime.podEnv = sandbox -> kube.podEnv(NAMESPACE, sandbox);
    }

    @AfterEach
    void stop() {
        kube.close();
        runtime.close();
    }

    @Test
    void eachClaimNamesItsOwnTenantForTheTemplatesMountAndCommandsStartInsideIt() throws Exception {
        AgentSandboxExecBackend backend = backend(podWorkspace.toString());
        Files.createDirectories(podWorkspace.resolve("src"));

        ExecResult acme = backend.exec(request("acme", "s1", "pwd", "src"));
        ExecResult globex = backend.exec(request("globex", "s1", "pwd", ""));

        assertThat(acme.stdout()).isEqualTo(podWorkspace.resolve("src") + "\n");
        assertThat(globex.stdout()).isEqualTo(podWorkspace + "\n");
        assertThat(tenantEnv("acme", "s1")).isEqualTo(List.of(Map.of("name", "TALON_TENANT", "value", "acme")));
        assertThat(tenantEnv("globex", "s1")).isEqualTo(List.of(Map.of("name", "TALON_TENANT", "value", "globex")));
        // the worker's own paths never reach the pod: it resolves the working directory in its own mount
        assertThat(runtime.calls()).extracting(FakeRuntime.Call::command)
                .noneMatch(line -> line.contains(DATA.toString()));
    }

    @Test
    @DisplayName("secret hunt on agent-sandbox: nothing of the platform's environment or paths reaches the cluster")
    void nothingOfThePlatformsEnvironmentReachesTheClusterOrThePod() throws Exception {
        AgentSandboxExecBackend backend = backend(podWorkspace.toString());

        ExecResult result = backend.exec(request("acme", "s1", "env; cat /proc/1/environ", ""));

        StringBuilder sent = new StringBuilder();
        kube.claim(NAMESPACE, ClaimNames.of(new SessionKey("acme", "s1"))).ifPresent(sent::append);
        runtime.calls().forEach(call -> sent.append(call.path()).append(call.headers()).append(call.command()));
        sent.append(result.stdout()).append(result.stderr());
        // every value of this JVM's environment that could be a secret: none may leave the worker
        List<String> platformValues = System.getenv().values().stream().filter(value -> value.length() >= 12).toList();
        assertThat(platformValues).as("the test JVM has an environment to hunt for").isNotEmpty();
        for (String value : platformValues) {
            assertThat(sent.toString()).as("what reached the cluster").doesNotContain(value);
        }
        assertThat(sent.toString()).doesNotContain(DATA.toString());
    }

    @Test
    void aSandboxWhoseEnvironmentNamesAnotherTenantRunsNothing() throws Exception {
        runtime.podEnv = sandbox -> Map.of("TALON_TENANT", "rival");

        ExecResult result = backend(podWorkspace.toString()).exec(request("acme", "s1", "touch ran", ""));

        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.stderr()).contains("not made for this tenant");
        assertThat(podWorkspace.resolve("ran")).doesNotExist();
    }

    @Test
    void anApiServerThatDropsTheClaimsEnvIsRefusedAndTheClaimDeleted() throws Exception {
        kube.prunesEnv = true;

        ExecResult result = backend(podWorkspace.toString()).exec(request("acme", "s1", "touch ran", ""));

        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.stderr()).contains("lost its spec.env", "v0.4.0");
        assertThat(kube.claimNames()).isEmpty();
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void aClaimOfTheSessionMadeWithoutTheTenantIsReplaced() throws Exception {
        String claim = ClaimNames.of(new SessionKey("acme", "s1"));
        ObjectNode old = json.createObjectNode().put("apiVersion", "extensions.agents.x-k8s.io/v1alpha1")
                .put("kind", "SandboxClaim");
        old.putObject("metadata").put("name", claim).putObject("annotations")
                .put("talon.dev/tenant", "acme").put("talon.dev/session", "s1");
        old.putObject("spec").putObject("sandboxTemplateRef").put("name", "python-runtime");
        kube.put(NAMESPACE, old);
        AgentSandboxExecBackend backend = backend(podWorkspace.toString());

        ExecResult first = backend.exec(request("acme", "s1", "echo first", ""));
        ExecResult second = backend.exec(request("acme", "s1", "echo second", ""));

        assertThat(first.exitCode()).isEqualTo(126);
        assertThat(first.stderr()).contains("does not name this tenant in TALON_TENANT");
        assertThat(second.stdout()).isEqualTo("second\n");
        assertThat(tenantEnv("acme", "s1")).isEqualTo(List.of(Map.of("name", "TALON_TENANT", "value", "acme")));
    }

    @Test
    void aTenantIdThatCannotBeAPathSegmentIsRefused() throws Exception {
        AgentSandboxExecBackend backend = backend(podWorkspace.toString());

        for (String tenant : List.of("..", "../rival", "a/b", "")) {
            ExecResult result = backend.exec(new ExecRequest("true", DATA, DATA, GENEROUS, Map.of(), tenant, "s1"));

            assertThat(result.exitCode()).as(tenant).isEqualTo(126);
            assertThat(result.stderr()).as(tenant).contains("cannot name a directory");
        }
        assertThat(kube.claimNames()).isEmpty();
    }

    private AgentSandboxExecBackend backend(String workspacePath) {
        Map<String, String> settings = new HashMap<>();
        settings.put("namespace", NAMESPACE);
        settings.put("template", "python-runtime");
        settings.put("kube-api-url", kube.url());
        settings.put("runtime-url-template", "http://127.0.0.1:" + runtime.port() + "/sandboxes/{namespace}/{sandbox}");
        settings.put("ready-timeout-seconds", "10");
        settings.put("workdir", "workspace");
        settings.put("workspace-path", workspacePath);
        return new AgentSandboxExecBackend(new MapPluginContext("exec-agent-sandbox", settings));
    }

    // as tools-shell makes it: the tenant's workspace on the worker and a directory relative to it
    private static ExecRequest request(String tenant, String session, String command, String workDir) {
        Path workspace = DATA.resolve("tenants").resolve(tenant).resolve("workspace");
        return new ExecRequest(command, workspace, workspace.resolve(workDir), GENEROUS, Map.of(), tenant, session);
    }

    private Object tenantEnv(String tenant, String session) {
        JsonNode claim = kube.claim(NAMESPACE, ClaimNames.of(new SessionKey(tenant, session))).orElseThrow();
        return json.convertValue(claim.path("spec").path("env"), List.class);
    }
}
