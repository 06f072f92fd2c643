package dev.talon.plugins.exec.agentsandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.plugintest.MapPluginContext;
import dev.talon.plugintest.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend against a fake Kubernetes API (claims in memory, watches, a pretend controller) and a real
 * runtime on 127.0.0.1 that, like agent-sandbox's, splits the command string and runs it without a shell.
 * The fake stays for what a real cluster does not do on cue: claims that never become Ready or are refused,
 * a 403 from the API server, Ready delays for concurrent first commands, and counting the requests (one POST,
 * watched rather than polled, the expiry patched at most once a minute). Claims made Ready by the real
 * agent-sandbox controller, reuse across workers, session end and claims deleted behind the plugin's back are
 * in {@link AgentSandboxRealControllerIT}; the exec contract on the real controller in {@link AgentSandboxContractIT}.
 */
class AgentSandboxExecBackendTest {

    private static final String NAMESPACE = "agents";
    private static final Duration GENEROUS = Duration.ofSeconds(20);
    private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

    @TempDir
    Path sandboxes;

    private FakeKubernetes kube;
    private FakeRuntime runtime;
    private final MutableClock clock = new MutableClock(START);
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws IOException {
        kube = new FakeKubernetes();
        runtime = new FakeRuntime(sandboxes);
    }

    @AfterEach
    void stop() {
        kube.close();
        runtime.close();
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("namespace", NAMESPACE);
        settings.put("template", "python-runtime");
        settings.put("kube-api-url", kube.url());
        settings.put("runtime-url-template", "http://127.0.0.1:" + runtime.port() + "/sandboxes/{namespace}/{sandbox}");
        settings.put("ready-timeout-seconds", "10");
        settings.put("idle-ttl-seconds", "600");
        return settings;
    }

    private AgentSandboxExecBackend backend() {
        return backend(settings());
    }

    private AgentSandboxExecBackend backend(Map<String, String> settings) {
        return new AgentSandboxExecBackend(new MapPluginContext("exec-agent-sandbox", settings), clock);
    }

    private static ExecRequest request(String tenant, String session, String command, Duration timeout) {
        return new ExecRequest(command, Path.of("/nowhere"), timeout, Map.of(), tenant, session);
    }

    private static ExecResult run(AgentSandboxExecBackend backend, String session, String command)
            throws InterruptedException {
        return backend.exec(request("acme", session, command, GENEROUS));
    }

    private static String claimOf(String tenant, String session) {
        return ClaimNames.of(new SessionKey(tenant, session));
    }

    @Test
    void idIsAgentSandbox() {
        assertThat(backend().id()).isEqualTo("agent-sandbox");
    }

    @Test
    void firstCommandMakesOneClaimAndWaitsUntilItIsReady() throws Exception {
        ExecResult result = run(backend(), "s1", "echo hello");

        assertThat(result).isEqualTo(new ExecResult("hello\n", "", 0, false));
        String claim = claimOf("acme", "s1");
        assertThat(kube.claimNames()).containsExactly(claim);
        assertThat(kube.count("POST")).isEqualTo(1);
        JsonNode stored = kube.claim(NAMESPACE, claim).orElseThrow();
        assertThat(stored.path("apiVersion").asText()).isEqualTo("extensions.agents.x-k8s.io/v1alpha1");
        assertThat(stored.path("spec").path("sandboxTemplateRef").path("name").asText()).isEqualTo("python-runtime");
        assertThat(stored.path("metadata").path("annotations").path("talon.dev/tenant").asText()).isEqualTo("acme");
        assertThat(stored.path("metadata").path("annotations").path("talon.dev/session").asText()).isEqualTo("s1");
        // it was watched, not polled, and the command went out only once the claim was Ready
        assertThat(kube.watchQueries()).isNotEmpty()
                .allSatisfy(q -> assertThat(q).contains("fieldSelector=metadata.name%3D" + claim));
        assertThat(runtime.calls()).singleElement().satisfies(call -> {
            assertThat(call.sandbox()).isEqualTo(claim);
            assertThat(call.path()).isEqualTo("/sandboxes/agents/" + claim + "/execute");
            assertThat(call.at()).isAfterOrEqualTo(kube.readyAt(claim).orElseThrow());
        });
    }

    @Test
    void laterCommandsOfTheSessionReuseItsClaimAndSandbox() throws Exception {
        AgentSandboxExecBackend backend = backend();

        run(backend, "s1", "echo kept > note.txt");
        ExecResult second = run(backend, "s1", "cat note.txt");
        ExecResult third = run(backend, "s1", "ls");

        assertThat(second.stdout()).isEqualTo("kept\n");
        assertThat(third.stdout()).isEqualTo("note.txt\n");
        assertThat(kube.count("POST")).isEqualTo(1);
        assertThat(kube.claimNames()).hasSize(1);
        assertThat(runtime.calls()).extracting(FakeRuntime.Call::sandbox).containsOnly(claimOf("acme", "s1"));
    }

    @Test
    void eachSessionAndEachTenantGetsItsOwnClaim() throws Exception {
        AgentSandboxExecBackend backend = backend();

        run(backend, "s1", "echo mine > note.txt");
        ExecResult otherSession = run(backend, "s2", "cat note.txt");
        ExecResult otherTenant = backend.exec(request("globex", "s1", "cat note.txt", GENEROUS));

        assertThat(otherSession.exitCode()).isNotZero();
        assertThat(otherSession.stderr()).contains("note.txt");
        assertThat(otherTenant.exitCode()).isNotZero();
        assertThat(kube.claimNames()).containsExactlyInAnyOrder(
                claimOf("acme", "s1"), claimOf("acme", "s2"), claimOf("globex", "s1"));
        assertThat(runtime.calls()).extracting(FakeRuntime.Call::sandbox).doesNotHaveDuplicates();
    }

    @Test
    void commandsArrivingTogetherInANewSessionShareOneClaim() throws Exception {
        AgentSandboxExecBackend backend = backend();
        List<CompletableFuture<ExecResult>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String command = "echo " + i;
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return run(backend, "s1", command);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }

        for (int i = 0; i < 4; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS).stdout()).isEqualTo(i + "\n");
        }
        assertThat(kube.count("POST")).isEqualTo(1);
    }

    @Test
    void theRuntimeUrlMayUseThePodIp() throws Exception {
        Map<String, String> settings = settings();
        settings.put("api-version", "v1beta1");
        settings.put("warm-pool", "python-pool");
        settings.put("runtime-url-template", "http://{podIP}:" + runtime.port() + "/pods/{claim}");

        ExecResult result = run(backend(settings), "s1", "echo by-ip");

        assertThat(result.stdout()).isEqualTo("by-ip\n");
        assertThat(runtime.calls()).singleElement()
                .satisfies(call -> assertThat(call.path()).isEqualTo("/pods/" + claimOf("acme", "s1") + "/execute"));
    }

    @Test
    void throughTheRouterTheSandboxIsNamedInHeaders() throws Exception {
        Map<String, String> settings = settings();
        settings.put("router-url", "http://127.0.0.1:" + runtime.port());

        ExecResult result = run(backend(settings), "s1", "echo routed");

        assertThat(result.stdout()).isEqualTo("routed\n");
        assertThat(runtime.calls()).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/execute");
            assertThat(call.headers()).containsEntry("X-Sandbox-ID", claimOf("acme", "s1"))
                    .containsEntry("X-Sandbox-Namespace", NAMESPACE)
                    .containsEntry("X-Sandbox-Port", "8888");
        });
    }

    @Test
    void theRuntimeItselfRunsNoShell() throws Exception {
        // the premise of the sh -c wrapping: sent as it is, the operators are just words for echo
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.port() + "/sandboxes/x/y/execute"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"echo a && echo b | tr a-z A-Z\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(json.readTree(response.body()).path("stdout").asText()).isEqualTo("a && echo b | tr a-z A-Z\n");
    }

    @Test
    void shellOperatorsQuotesAndExpansionsWork() throws Exception {
        AgentSandboxExecBackend backend = backend();

        assertThat(run(backend, "s1", "echo one && echo two | tr a-z A-Z").stdout()).isEqualTo("one\nTWO\n");
        assertThat(run(backend, "s1", "false || echo \"fallback $((1 + 2))\"").stdout())
                .isEqualTo("fallback 3\n");
        assertThat(run(backend, "s1", "printf '%s|' \"it's\" 'say \"hi\"' back\\\\slash; echo").stdout())
                .isEqualTo("it's|say \"hi\"|back\\slash|\n");
        assertThat(run(backend, "s1", "for w in a b; do\n  echo \"<$w>\"\ndone > out && cat out").stdout())
                .isEqualTo("<a>\n<b>\n");
        assertThat(run(backend, "s1", "echo héllo €").stdout()).isEqualTo("héllo €\n");
        assertThat(run(backend, "s1", "cd /tmp && pwd; true | false; echo \"status $?\"").stdout())
                .isEqualTo("/tmp\nstatus 1\n");
    }

    @Test
    void keepsStdoutStderrAndTheExitCode() throws Exception {
        ExecResult result = run(backend(), "s1", "echo out; echo err >&2; exit 3");

        assertThat(result).isEqualTo(new ExecResult("out\n", "err\n", 3, false));
    }

    @Test
    void passesTheRequestEnvironment() throws Exception {
        ExecResult result = backend().exec(new ExecRequest("echo \"$GREETING/$SECOND\"", Path.of("/nowhere"),
                GENEROUS, Map.of("GREETING", "hello world", "SECOND", "it's"), "acme", "s1"));

        assertThat(result.stdout()).isEqualTo("hello world/it's\n");
    }

    @Test
    void aCommandOverItsTimeIsStoppedInTheSandboxWithItsOutputSoFar() throws Exception {
        AgentSandboxExecBackend backend = backend();
        run(backend, "s1", "true"); // the claim is ready; only the command's own time counts below
        String marker = marker();

        long started = System.nanoTime();
        ExecResult result = backend.exec(request("acme", "s1",
                "echo before; " + marker + " & " + marker + "; touch late", Duration.ofSeconds(1)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stdout()).isEqualTo("before\n");
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(4000));
        // the runtime has no kill: timeout(1) inside the sandbox ended the command and its background job
        assertThat(leftAfterSettling(marker)).isEmpty();
        assertThat(run(backend, "s1", "ls").stdout()).doesNotContain("late");
    }

    @Test
    void withoutTimeoutInTheImageTheAnswerIsAwaitedALittleLongerThenTheCommandIsKilled() throws Exception {
        Path bin = Files.createDirectories(sandboxes.resolve("bin-without-timeout"));
        for (String tool : List.of("sh", "sleep", "cat", "rm", "ls", "touch", "setsid")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        runtime.path = bin.toString();
        AgentSandboxExecBackend backend = backend();
        run(backend, "s1", "true");
        String marker = marker();

        long started = System.nanoTime();
        ExecResult result = backend.exec(request("acme", "s1", marker, Duration.ofSeconds(1)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stderr()).startsWith("agent-sandbox: no answer from the sandbox within 6 s");
        assertThat(took).isBetween(Duration.ofSeconds(6), Duration.ofSeconds(9));
        assertThat(leftAfterSettling(marker)).isEmpty();
    }

    @Test
    void interruptingTheCallerAbortsAndKillsTheCommand() throws Exception {
        AgentSandboxExecBackend backend = backend();
        run(backend, "s1", "true");
        String marker = marker();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                backend.exec(request("acme", "s1", marker + " & " + marker, Duration.ofSeconds(60)));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        awaitProcess(marker);

        long started = System.nanoTime();
        caller.interrupt();
        caller.join(5000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(leftAfterSettling(marker)).isEmpty();
        assertThat(runtime.calls()).last().satisfies(call -> assertThat(call.command()).contains("talon-exec-$1"));
    }

    @Test
    void aRuntimeServingOneCommandAtATimeTakesTheCancelLateButTheCallerIsFreeAtOnce() throws Exception {
        runtime.serial = true;
        AgentSandboxExecBackend backend = backend();
        run(backend, "s1", "true");
        String marker = marker();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                backend.exec(request("acme", "s1", marker, Duration.ofSeconds(3)));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        awaitProcess(marker);

        long started = System.nanoTime();
        caller.interrupt();
        caller.join(5000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        // the cancel waits behind the command; the command still ends at its own limit
        Thread.sleep(3000);
        assertThat(leftAfterSettling(marker)).isEmpty();
    }

    @Test
    void interruptingTheCallerStopsTheWaitForReady() throws Exception {
        kube.neverReady = true;
        AgentSandboxExecBackend backend = backend();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                run(backend, "s1", "echo never");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        while (kube.watchQueries().isEmpty()) {
            Thread.sleep(20);
        }

        caller.interrupt();
        caller.join(5000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aClaimThatNeverBecomesReadyIsAClearErrorAndIsDeleted() throws Exception {
        kube.neverReady = true;
        Map<String, String> settings = settings();
        settings.put("ready-timeout-seconds", "1");

        ExecResult result = run(backend(settings), "s1", "echo never");

        String claim = claimOf("acme", "s1");
        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.stderr()).startsWith("agent-sandbox: ")
                .contains("SandboxClaim " + claim + " in namespace " + NAMESPACE)
                .contains("did not become Ready within 1 s")
                .contains("SandboxNotReady: pod is pending")
                .contains("SandboxTemplate 'python-runtime'")
                .contains("it was deleted")
                .endsWith("\n");
        assertThat(kube.claimNames()).isEmpty();
        assertThat(kube.count("DELETE")).isEqualTo(1);
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void aClaimTheControllerRefusesFailsWithoutWaitingOut() throws Exception {
        kube.refusal = "TemplateNotFound";

        long started = System.nanoTime();
        ExecResult result = run(backend(), "s1", "echo never");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.stderr()).startsWith("agent-sandbox: ").contains("cannot become Ready")
                .contains("TemplateNotFound").contains("SandboxTemplate 'python-runtime'");
        assertThat(kube.claimNames()).isEmpty();
    }

    @Test
    void aV1alpha1ClaimWithoutItsShadowPoolNamesThePoolItNeeds() throws Exception {
        // agent-sandbox >= v0.5.2 answers so when shadow-pool-<template> is missing; the real controller's webhook
        // cannot run on the test control plane (it binds every interface), so this stays on the fake
        kube.refusal = "WarmPoolNotFound";

        ExecResult result = run(backend(), "s1", "echo never");

        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.stderr()).contains("WarmPoolNotFound")
                .contains("SandboxWarmPool named shadow-pool-python-runtime").contains("api-version v1beta1");
        assertThat(kube.claimNames()).isEmpty();
    }

    @Test
    void anUnreachableRuntimeIsAClearError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = settings();
        settings.put("runtime-url-template", "http://127.0.0.1:" + closedPort + "/{sandbox}");

        ExecResult result = run(backend(settings), "s1", "echo lost");

        String claim = claimOf("acme", "s1");
        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.stderr()).startsWith("agent-sandbox: cannot reach the sandbox runtime at http://127.0.0.1:"
                        + closedPort + "/" + claim + "/execute")
                .contains("SandboxClaim " + claim).contains("namespace " + NAMESPACE)
                .contains("runtime-url-template");
    }

    @Test
    void aRefusingApiServerIsAClearError() throws Exception {
        kube.forbidden = true;

        ExecResult result = run(backend(), "s1", "echo no");

        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.stderr()).startsWith("agent-sandbox: could not read or create SandboxClaim")
                .contains("HTTP 403").contains("forbidden").contains("service account");
    }

    @Test
    void missingSettingsAreReportedWithEachCommand() throws Exception {
        Map<String, String> settings = settings();
        settings.remove("template");

        ExecResult result = run(backend(settings), "s1", "echo no");

        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.stderr()).startsWith("agent-sandbox: plugin exec-agent-sandbox is not configured")
                .contains("'template'");
        assertThat(kube.requests()).isEmpty();
    }

    @Test
    void sessionEndedDeletesTheClaim() throws Exception {
        AgentSandboxExecBackend backend = backend();
        run(backend, "s1", "true");
        run(backend, "s2", "true");

        backend.sessionEnded("acme", "s1");

        assertThat(kube.claimNames()).containsExactly(claimOf("acme", "s2"));
        run(backend, "s1", "true");
        assertThat(kube.count("POST")).isEqualTo(3);
    }

    @Test
    void sessionEndedDeletesAClaimAnotherWorkerMade() throws Exception {
        run(backend(), "s1", "true");

        backend().sessionEnded("acme", "s1");
        backend().sessionEnded("acme", "never-started"); // nothing to delete: quietly nothing

        assertThat(kube.claimNames()).isEmpty();
    }

    @Test
    void aClaimOfThatNameNotMadeForTheSessionIsNotUsed() throws Exception {
        String claim = claimOf("acme", "s1");
        ObjectNode foreign = json.createObjectNode().put("apiVersion", "extensions.agents.x-k8s.io/v1alpha1")
                .put("kind", "SandboxClaim");
        foreign.putObject("metadata").put("name", claim);
        foreign.putObject("spec").putObject("sandboxTemplateRef").put("name", "other");
        kube.put(NAMESPACE, foreign);

        ExecResult result = run(backend(), "s1", "echo no");

        assertThat(result.exitCode()).isEqualTo(126);
        assertThat(result.stderr()).contains("was not made by Talon for this session");
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void theIdleExpiryIsWrittenIntoTheClaimAndPushedBackAtMostOnceAMinute() throws Exception {
        AgentSandboxExecBackend backend = backend();
        String claim = claimOf("acme", "s1");

        run(backend, "s1", "true");
        assertThat(lifecycle(claim).path("shutdownTime").asText()).isEqualTo("2030-01-01T10:10:00Z");
        assertThat(lifecycle(claim).path("shutdownPolicy").asText()).isEqualTo("Delete");

        clock.advance(Duration.ofSeconds(30));
        run(backend, "s1", "true");
        assertThat(kube.count("PATCH")).isZero();
        assertThat(lifecycle(claim).path("shutdownTime").asText()).isEqualTo("2030-01-01T10:10:00Z");

        clock.advance(Duration.ofSeconds(31));
        run(backend, "s1", "true");
        assertThat(kube.count("PATCH")).isEqualTo(1);
        assertThat(kube.requests()).filteredOn(r -> r.method().equals("PATCH"))
                .allSatisfy(r -> assertThat(r.contentType()).startsWith("application/merge-patch+json"));
        assertThat(lifecycle(claim).path("shutdownTime").asText()).isEqualTo("2030-01-01T10:11:01Z");
        assertThat(kube.claim(NAMESPACE, claim).orElseThrow().path("spec").path("sandboxTemplateRef")
                .path("name").asText()).isEqualTo("python-runtime");
    }

    @Test
    void v1beta1AlsoBoundsHowLongAFinishedClaimIsKept() throws Exception {
        Map<String, String> settings = settings();
        settings.put("api-version", "v1beta1");
        settings.put("warm-pool", "python-pool");

        run(backend(settings), "s1", "true");

        JsonNode lifecycle = lifecycle(claimOf("acme", "s1"));
        assertThat(lifecycle.path("shutdownTime").asText()).isEqualTo("2030-01-01T10:10:00Z");
        assertThat(lifecycle.path("shutdownPolicy").asText()).isEqualTo("Delete");
        assertThat(lifecycle.path("ttlSecondsAfterFinished").asLong()).isEqualTo(600);
    }

    @Test
    void anAlreadyInterruptedCallerIsRefusedAtOnce() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> run(backend(), "s1", "echo no")).isInstanceOf(InterruptedException.class);
        assertThat(kube.requests()).isEmpty();
    }

    /** A long sleep no other process runs: its command line finds it, whatever became of its shell. */
    private static String marker() {
        return "sleep " + ThreadLocalRandom.current().nextInt(3_000_000, 9_000_000);
    }

    private static List<String> processesMentioning(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(marker))
                .toList();
    }

    private static List<String> leftAfterSettling(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        List<String> left = processesMentioning(marker);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = processesMentioning(marker);
        }
        return left;
    }

    private static void awaitProcess(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (processesMentioning(marker).isEmpty()) {
            assertThat(System.nanoTime()).as("the command never started").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private JsonNode lifecycle(String claim) {
        return kube.claim(NAMESPACE, claim).orElseThrow().path("spec").path("lifecycle");
    }
}
