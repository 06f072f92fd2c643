package dev.talon.platform.worker;

import dev.talon.platform.workflow.LlmActivities;
import dev.talon.platform.workflow.LlmChatInput;
import dev.talon.platform.workflow.LlmFailures;
import dev.talon.platform.workflow.LlmStep;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.LlmProvider;
import dev.talon.api.Message;
import dev.talon.platform.budget.BudgetExhaustedException;
import dev.talon.platform.budget.LlmMeter;
import dev.talon.api.Redactor;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.data.TurnStreamWriter;
import dev.talon.platform.plugin.ProviderSecrets;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.TenantConfig;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;

/**
 * Calls the tenant's provider with the conversation from the turn log, and appends the reply to it. The API
 * key is resolved here, inside the activity, so it never enters workflow inputs, results or history.
 */
public final class LlmActivitiesImpl implements LlmActivities {

    private final TenantScope scope;
    private final ProviderSecrets secrets;
    private final ActivityTurnLog turnLog;
    private final LlmMeter meter;
    private final TurnLog rawTurnLog;

    /** Without budgets or usage ledger: benchmarks. */
    public LlmActivitiesImpl(TenantScope scope, ProviderSecrets secrets, TurnLog turnLog) {
        this(scope, secrets, turnLog, LlmMeter.NONE);
    }

    public LlmActivitiesImpl(TenantScope scope, ProviderSecrets secrets, TurnLog turnLog, LlmMeter meter) {
        this.scope = scope;
        this.secrets = secrets;
        this.turnLog = new ActivityTurnLog(turnLog);
        this.meter = meter;
        this.rawTurnLog = turnLog;
    }

    @Override
    public LlmStep chat(LlmChatInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        List<Message> conversation = turnLog.conversation(tenant.id(), input.turnId(), input.log(), input.messages());
        // one key per LLM step of the turn, whatever the attempt: a retry reserves and settles nothing twice
        String key = Activity.getExecutionContext().getInfo().getWorkflowId() + "#" + input.step();
        try {
            meter.reserve(tenant, key, conversation);
        } catch (BudgetExhaustedException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), LlmFailures.BUDGET_EXHAUSTED);
        }
        ChatResponse response;
        try {
            response = call(tenant, conversation, input);
        } catch (RuntimeException e) {
            meter.release(tenant, key);
            throw e;
        }
        meter.settle(tenant, key, response.usage());
        return new LlmStep(response, turnLog.appendOrDetach(tenant.id(), input.turnId(), input.log(), response.message()));
    }

    private ChatResponse call(TenantConfig tenant, List<Message> messages, LlmChatInput input) {
        TenantToolbox toolbox = scope.toolbox(tenant);
        LlmProvider provider = toolbox.llmProvider().orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                "provider plugin '" + tenant.provider().plugin() + "' of tenant '" + tenant.id()
                        + "' is not loaded or is disabled: upload it (POST /v1/admin/plugins) or enable it", LlmFailures.REJECTED));
        ChatRequest request;
        try {
            request = new ChatRequest(tenant.provider().model(), messages,
                    PlatformTools.offered(tenant, toolbox, input.subagentDepth()), secrets.settingsFor(tenant));
        } catch (IllegalStateException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), LlmFailures.REJECTED);
        }
        // heartbeats: a dead worker's LLM call is retried within seconds, not after the 5-minute timeout
        // the answer's text as it comes goes to the turn's stream file (live SSE), never into history
        int attempt = Activity.getExecutionContext().getInfo().getAttempt();
        try (ActivityHeartbeat ignored = ActivityHeartbeat.start(Activity.getExecutionContext());
             TurnStreamWriter stream = rawTurnLog.streamWriter(tenant.id(), input.turnId(), input.step(), attempt)) {
            ScrubbedDeltas deltas = new ScrubbedDeltas(new Redactor(request.settings().apiKey()), stream::text);
            ChatResponse response = provider.chat(request, deltas);
            deltas.flush();
            return response;
        } catch (LlmException e) {
            // a server's retry-after becomes the next attempt's delay (capped), not the policy's backoff
            throw LlmFailures.of(e, secrets.scrub(tenant, e.getMessage()), Instant.now());
        } catch (RuntimeException e) {
            // A bug in the provider plugin; retrying may hit a healthier path, the attempts are bounded.
            throw ApplicationFailure.newFailure("provider plugin '" + tenant.provider().plugin() + "' failed: "
                    + secrets.scrub(tenant, String.valueOf(e.getMessage())), LlmFailures.RETRYABLE);
        }
    }
}
