package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.talon.api.LlmException;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real Temporal dev server: an LlmChat failure carrying a provider's retry-after of 7 s makes the next
 * attempt start no earlier than 7 s after the first was scheduled, read from the history's event times (the
 * server's clock), and the recorded failure says it was rate limited and when it retries. Needs the
 * {@code temporal} CLI: TALON_TEMPORAL_BIN, the project's .tools/venv (bin/talon installs it) or PATH.
 */
class LlmRetryAfterDevServerIT {

    private static final String QUEUE = "retry-after-it";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(7);

    @TempDir
    Path dir;

    private Process temporal;
    private WorkflowServiceStubs service;
    private WorkerFactory workers;

    @BeforeEach
    void startDevServer() throws Exception {
        Path cli = temporalCli();
        assumeTrue(cli != null, "no temporal CLI");
        int port = freePort();
        temporal = new ProcessBuilder(cli.toString(), "server", "start-dev", "--ip", "127.0.0.1",
                "--port", String.valueOf(port), "--ui-port", String.valueOf(freePort()), "--headless",
                "--db-filename", dir.resolve("temporal.db").toString(), "--log-level", "warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("temporal.log").toFile()).start();
        service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port).build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                service.healthCheck();
                break;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline || !temporal.isAlive()) {
                    throw new IllegalStateException("Temporal dev server did not start: "
                            + Files.readString(dir.resolve("temporal.log")), notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (workers != null) {
            workers.shutdownNow();
        }
        if (service != null) {
            service.shutdownNow();
        }
        if (temporal != null) {
            temporal.descendants().forEach(ProcessHandle::destroy);
            temporal.destroy();
            temporal.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theNextLlmChatAttemptStartsNoEarlierThanTheRetryAfter() {
        LlmException rateLimited = LlmException.retryable("api answered HTTP 429: slow down", 429, null, RETRY_AFTER);
        ScriptedActivities activities = new ScriptedActivities(10, call -> {
            if (call == 1) {
                throw LlmFailures.of(rateLimited, rateLimited.getMessage(), Instant.now());
            }
            return ScriptedActivities.answer("after the wait");
        });
        WorkflowClient client = WorkflowClient.newInstance(service);
        workers = WorkerFactory.newInstance(client);
        Worker worker = workers.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        workers.start();
        String workflowId = "retry-after-" + System.nanoTime();
        AgentTurnWorkflow workflow = client.newWorkflowStub(AgentTurnWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());

        TurnResult result = workflow.run(new TurnRequest("acme", "s1", "turn-1", "hello"));

        assertThat(result.reply()).isEqualTo("after the wait");
        List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
        HistoryEvent scheduled = events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("LlmChat"))
                .findFirst().orElseThrow();
        HistoryEvent started = events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .filter(e -> e.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduled.getEventId())
                .findFirst().orElseThrow();
        assertThat(started.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(2);
        assertThat(started.getActivityTaskStartedEventAttributes().getLastFailure().getMessage())
                .startsWith("rate limited by the provider (HTTP 429), retrying in 7 s at ")
                .endsWith(": api answered HTTP 429: slow down");
        assertThat(Duration.between(time(scheduled), time(started))).isGreaterThanOrEqualTo(RETRY_AFTER);
    }

    private static Instant time(HistoryEvent event) {
        return Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos());
    }

    private static Path temporalCli() {
        String configured = System.getenv("TALON_TEMPORAL_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        Path project = Path.of(System.getProperty("talon.test.project-dir", ".."));
        Path venv = project.resolve(".tools/venv/bin/temporal");
        if (Files.isExecutable(venv)) {
            return venv;
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(entry, "temporal");
            if (!entry.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
