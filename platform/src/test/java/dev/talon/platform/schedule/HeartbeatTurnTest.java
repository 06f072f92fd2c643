package dev.talon.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmProvider;
import dev.talon.api.Message;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.budget.LlmMeter;
import dev.talon.platform.plugin.ProviderSecrets;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Heartbeat;
import dev.talon.platform.tenant.InMemoryTenantStore;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.QuietHours;
import dev.talon.platform.tenant.ScheduleSettings;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.worker.ConversationActivitiesImpl;
import dev.talon.platform.worker.LlmActivitiesImpl;
import dev.talon.platform.worker.TenantScope;
import dev.talon.platform.worker.ToolActivitiesImpl;
import dev.talon.platform.workflow.AgentTurnWorkflow;
import dev.talon.platform.workflow.AgentTurnWorkflowImpl;
import dev.talon.platform.workflow.TurnRequest;
import dev.talon.platform.workflow.TurnResult;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heartbeat turn through the real workflow and activities, started the way its schedule starts it (no turn id,
 * a workflow id ending in the firing time): HEARTBEAT_OK is not stored, quiet hours skip the beat without a model
 * call, a beat with something to do is stored like any turn.
 */
public class HeartbeatTurnTest {

    /** 12:00 UTC, 13:00 in Berlin. */
    private static final Instant NOON = Instant.parse("2026-12-02T12:00:00Z");
    private static final String WORKFLOW_ID = "talon/acme/turn/heartbeat-2026-12-02T12:00:00Z";
    /** Recorded with -Dtalon.record-histories=true; AgentTurnReplayTest replays them. */
    public static final String HEARTBEAT_OK_HISTORY = "histories/agent-turn-heartbeat-ok.json";
    public static final String HEARTBEAT_SKIPPED_HISTORY = "histories/agent-turn-heartbeat-skipped.json";

    @TempDir
    Path dataDir;

    private final List<List<Message>> sent = new CopyOnWriteArrayList<>();
    private TestWorkflowEnvironment env;

    @AfterEach
    void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    @DisplayName("a beat answered HEARTBEAT_OK leaves the session untouched")
    void heartbeatOkNotStored() throws Exception {
        writeHeartbeat("/say HEARTBEAT_OK");

        TurnResult result = beat(null);

        assertThat(result.stopReason()).isEqualTo(TurnResult.NOTHING_TO_DO);
        recordHistory(HEARTBEAT_OK_HISTORY);
        assertThat(sent).hasSize(1);
        assertThat(sessionFile()).doesNotExist();
        assertThat(dataDir.resolve("tenants/acme/turns")).isEmptyDirectory();
    }

    @Test
    @DisplayName("a beat with work to do is stored in the heartbeat session, HEARTBEAT.md in its user message")
    void realBeatStored() throws Exception {
        writeHeartbeat("# Tasks\n/say watered the plants\n");

        TurnResult result = beat(null);

        assertThat(result.stopReason()).isEqualTo(TurnResult.COMPLETED);
        assertThat(result.turnId()).isEqualTo("heartbeat-2026-12-02T12-00-00Z");
        assertThat(((UserMessage) sent.getFirst().getLast()).content()).startsWith("# Tasks\n/say watered the plants")
                .contains("HEARTBEAT_OK");
        String stored = Files.readString(sessionFile());
        assertThat(stored).contains("watered the plants").contains("\"turn_id\":\"heartbeat-2026-12-02T12-00-00Z\"");
    }

    @Test
    @DisplayName("quiet hours skip the beat: no model call, nothing stored")
    void quietHoursSkip() throws Exception {
        writeHeartbeat("/say watered the plants");

        TurnResult result = beat(new QuietHours("12:30", "14:00", "Europe/Berlin"));

        assertThat(result.stopReason()).isEqualTo(TurnResult.SKIPPED);
        recordHistory(HEARTBEAT_SKIPPED_HISTORY);
        assertThat(result.reply()).contains("quiet hours");
        assertThat(sent).isEmpty();
        assertThat(sessionFile()).doesNotExist();
    }

    @Test
    @DisplayName("outside quiet hours (a window across midnight) the beat runs")
    void outsideQuietHoursRuns() throws Exception {
        writeHeartbeat("/say watered the plants");

        TurnResult result = beat(new QuietHours("22:00", "07:00", "Europe/Berlin"));

        assertThat(result.stopReason()).isEqualTo(TurnResult.COMPLETED);
        assertThat(sent).hasSize(1);
    }

    @Test
    @DisplayName("a HEARTBEAT.md without a task (headings, comments) or none at all skips the beat")
    void emptyHeartbeatSkips() throws Exception {
        assertThat(beat(null).reply()).contains("HEARTBEAT.md is missing");
        env.close();
        writeHeartbeat("# Heartbeat\n<!-- add tasks below -->\n\n- [ ]\n");

        TurnResult result = beat(null);

        assertThat(result.stopReason()).isEqualTo(TurnResult.SKIPPED);
        assertThat(result.reply()).contains("holds no task");
        assertThat(sent).isEmpty();
    }

    private TurnResult beat(QuietHours quietHours) {
        TenantConfig acme = new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED,
                new Limits(5, 10, 100), null, null, null, null, null, ScheduleSettings.DEFAULT,
                new Heartbeat(true, 30, "heartbeat", quietHours));
        ObjectMapper json = new ObjectMapper();
        DataLayout layout = new DataLayout(dataDir);
        TurnLog turnLog = new TurnLog(layout, json);
        TenantScope scope = new TenantScope("acme", new InMemoryTenantStore(List.of(acme)),
                t -> TenantToolbox.of(List.of(), Optional.empty(), Optional.of(sayer())));
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker("q");
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class);
        worker.registerActivitiesImplementations(
                new ConversationActivitiesImpl(scope, layout, new SessionStore(layout, json, Clock.systemUTC()), turnLog,
                        Clock.fixed(NOON, ZoneOffset.UTC)),
                new LlmActivitiesImpl(scope, ProviderSecrets.of(Map.of()), turnLog, LlmMeter.NONE),
                new ToolActivitiesImpl(scope, layout, turnLog));
        env.start();
        return env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class, WorkflowOptions.newBuilder()
                        .setTaskQueue("q").setWorkflowId(WORKFLOW_ID).build())
                .run(new TurnRequest("acme", "heartbeat", null, HeartbeatPrompt.REQUEST, TurnRequest.HEARTBEAT));
    }

    /** Answers what follows "/say " on the user message's first such line, or "echo". */
    private LlmProvider sayer() {
        return new LlmProvider() {
            @Override
            public String id() {
                return "sayer";
            }

            @Override
            public ChatResponse chat(ChatRequest request) {
                sent.add(request.messages());
                String text = request.messages().getLast().content();
                String reply = text.lines().filter(line -> line.startsWith("/say ")).findFirst()
                        .map(line -> line.substring(5)).orElse("echo");
                return new ChatResponse(AssistantMessage.text(reply), new Usage(1, 1), "stop");
            }
        };
    }

    private void recordHistory(String resource) throws Exception {
        if (Boolean.getBoolean("talon.record-histories")) {
            Path file = Path.of("src/test/resources/" + resource);
            Files.createDirectories(file.getParent());
            Files.writeString(file, env.getWorkflowClient().fetchHistory(WORKFLOW_ID).toJson(true));
        }
    }

    private void writeHeartbeat(String text) throws Exception {
        Path workspace = new DataLayout(dataDir).workspace("acme");
        Files.writeString(workspace.resolve(HeartbeatPrompt.FILE), text);
    }

    private Path sessionFile() {
        return dataDir.resolve("tenants/acme/sessions/heartbeat.jsonl");
    }
}
