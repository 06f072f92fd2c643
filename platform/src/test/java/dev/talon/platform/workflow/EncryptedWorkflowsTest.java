package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import dev.talon.platform.codec.EncryptionCodec;
import dev.talon.platform.codec.FileKeySource;
import dev.talon.platform.codec.HistoryKeys;
import dev.talon.platform.tenant.InMemoryTenantStore;
import dev.talon.platform.tenant.TenantConfig;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Turns and sessions on the Temporal test environment with history encryption, two tenants sharing one namespace:
 * the codec can only pick a key through the workflow id Temporal hands it (serialization context), never by the
 * namespace, so a payload encoded without one would fail the workflow. Every payload in history is encrypted
 * with the key of the workflow's own tenant.
 */
class EncryptedWorkflowsTest {

    private static final String QUEUE = "encrypted";
    private static final String SHARED = "shared";

    @TempDir
    Path dir;

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void start() {
        InMemoryTenantStore tenants = new InMemoryTenantStore(List.of(tenant("acme"), tenant("globex")));
        HistoryKeys keys = new HistoryKeys(new FileKeySource(dir), tenants, Duration.ofMinutes(1), Clock.systemUTC());
        CodecDataConverter converter = new CodecDataConverter(DefaultDataConverter.newDefaultInstance(),
                List.of(new EncryptionCodec(keys, SHARED)));
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(converter).build())
                .build());
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void aTurnWithAToolAndARetriedLlmCallRunsAndStoresOnlyCiphertext() {
        ScriptedActivities activities = new ScriptedActivities(10, call -> switch (call) {
            case 1 -> new ChatResponse(new AssistantMessage("", List.of(new ToolCall("c1", "write_file",
                    JsonNodeFactory.instance.objectNode().put("path", "secret-plan.txt")))), new Usage(1, 1), "tool_calls");
            case 2 -> throw ApplicationFailure.newFailure("HTTP 429", LlmFailures.RETRYABLE);
            default -> ScriptedActivities.answer("the plan is filed");
        });
        worker(activities);
        String id = "talon/acme/turn/t1";

        TurnResult result = client.newWorkflowStub(AgentTurnWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId(id).build()).run(new TurnRequest("acme", "s1", "t1", "file my secret plan"));

        assertThat(result.reply()).isEqualTo("the plan is filed");
        List<Payload> stored = payloads(id);
        assertThat(stored).hasSizeGreaterThan(5).allSatisfy(p -> {
            assertThat(EncryptionCodec.encrypted(p)).isTrue();
            assertThat(p.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8()).isEqualTo("acme:1");
            assertThat(p.getData().toString(StandardCharsets.ISO_8859_1)).doesNotContain("secret");
        });
    }

    @Test
    void aSessionsSignalsUpdatesQueriesAndChildTurnsUseItsTenantsKey() {
        ScriptedActivities activities = ScriptedActivities.echo();
        worker(activities);
        String id = "talon/globex/session/s1";
        AgentSessionWorkflow session = client.newWorkflowStub(AgentSessionWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
        WorkflowClient.start(session::run, SessionState.fresh("globex", "s1", 3600, 2));
        AgentSessionWorkflow running = client.newWorkflowStub(AgentSessionWorkflow.class, id);

        running.message(new SessionMessage("m1", "by signal"));
        TurnResult sent = running.send(new SessionMessage("m2", "by update"));
        TurnResult third = running.send(new SessionMessage("m3", "after continue-as-new"));

        assertThat(sent.reply()).isEqualTo("echo: by update");
        assertThat(third.reply()).isEqualTo("echo: after continue-as-new");
        assertThat(running.lastReply()).isEqualTo("echo: after continue-as-new");
        assertThat(activities.recorded).hasSize(3);
        for (String workflow : List.of("talon/globex/turn/m1", "talon/globex/turn/m2")) {
            assertThat(payloads(workflow)).isNotEmpty().allSatisfy(p -> assertThat(
                    p.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8()).isEqualTo("globex:1"));
        }
    }

    private void worker(ScriptedActivities activities) {
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class, AgentSessionWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
    }

    /** The inputs and results in the workflow's history as stored. */
    private List<Payload> payloads(String workflowId) {
        List<Payload> payloads = new ArrayList<>();
        for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
            if (event.hasWorkflowExecutionStartedEventAttributes()) {
                payloads.addAll(event.getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList());
            } else if (event.hasActivityTaskScheduledEventAttributes()) {
                payloads.addAll(event.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList());
            } else if (event.hasActivityTaskCompletedEventAttributes()) {
                payloads.addAll(event.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList());
            } else if (event.hasWorkflowExecutionCompletedEventAttributes()) {
                payloads.addAll(event.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList());
            }
        }
        return payloads;
    }

    private static TenantConfig tenant(String id) {
        return new TenantConfig(id, List.of(), SHARED, "talon-" + id, List.of(), null, null, null, null);
    }
}
