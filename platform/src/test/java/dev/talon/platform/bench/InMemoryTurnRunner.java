package dev.talon.platform.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.budget.LlmMeter;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.plugin.ProviderSecrets;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.InMemoryTenantStore;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.AgentTurnWorkflow;
import dev.talon.platform.workflow.AgentTurnWorkflowImpl;
import dev.talon.platform.workflow.ConversationActivities;
import dev.talon.platform.workflow.MemoryConsolidationWorkflowImpl;
import dev.talon.platform.worker.ConversationActivitiesImpl;
import dev.talon.platform.worker.LlmActivitiesImpl;
import dev.talon.platform.worker.MemoryActivitiesImpl;
import dev.talon.platform.worker.TenantScope;
import dev.talon.platform.worker.ToolActivitiesImpl;
import dev.talon.platform.workflow.TurnRequest;
import dev.talon.platform.workflow.TurnResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Runs turns of the real workflow and activities (real files under {@code dataDir}) for one tenant whose
 * tools and provider are given, on Temporal's in-memory server. For benchmarks and tests, not durability.
 */
public final class InMemoryTurnRunner implements AutoCloseable {

    private final TestWorkflowEnvironment env;
    private final String taskQueue;

    public InMemoryTurnRunner(Path dataDir, TenantConfig tenant, TenantToolbox toolbox) {
        this(dataDir, tenant, toolbox, false);
    }

    /**
     * @param inline run the old design for comparison: the conversation activities never write a turn log, so
     *               the unchanged workflow sends the whole conversation with every LLM call
     */
    public InMemoryTurnRunner(Path dataDir, TenantConfig tenant, TenantToolbox toolbox, boolean inline) {
        this(dataDir, tenant, toolbox, inline, LlmMeter.NONE);
    }

    /** @param meter what reserves and settles each LLM call's budget (the platform's is {@code Budgets}) */
    public InMemoryTurnRunner(Path dataDir, TenantConfig tenant, TenantToolbox toolbox, boolean inline,
                              LlmMeter meter) {
        ObjectMapper json = new ObjectMapper();
        DataLayout layout = new DataLayout(dataDir);
        TurnLog turnLog = new TurnLog(layout, json);
        TenantScope scope = new TenantScope(tenant.id(), new InMemoryTenantStore(List.of(tenant)), t -> toolbox);
        this.taskQueue = tenant.taskQueue();
        this.env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(taskQueue);
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class, MemoryConsolidationWorkflowImpl.class);
        SessionStore sessions = new SessionStore(layout, json, Clock.systemUTC());
        ConversationActivities conversation = new ConversationActivitiesImpl(scope, layout, sessions, turnLog);
        worker.registerActivitiesImplementations(
                inline ? new InlineConversationActivities(conversation) : conversation,
                new LlmActivitiesImpl(scope, ProviderSecrets.of(Map.of()), turnLog, meter),
                new ToolActivitiesImpl(scope, layout, turnLog),
                new MemoryActivitiesImpl(scope, layout, sessions, ProviderSecrets.of(Map.of()), Clock.systemUTC()));
        env.start();
    }

    /** Runs the turn to its end under the given workflow id. */
    public TurnResult run(String workflowId, TurnRequest request) {
        return env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class,
                        WorkflowOptions.newBuilder().setTaskQueue(taskQueue).setWorkflowId(workflowId).build())
                .run(request);
    }

    /** The in-memory server's client, e.g. to await a workflow a turn started. */
    public WorkflowClient client() {
        return env.getWorkflowClient();
    }

    public WorkflowExecutionHistory history(String workflowId) {
        return env.getWorkflowClient().fetchHistory(workflowId);
    }

    @Override
    public void close() {
        env.close();
    }
}
