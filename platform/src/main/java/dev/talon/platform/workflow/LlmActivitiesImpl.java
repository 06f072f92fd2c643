package dev.talon.platform.workflow;

import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.LlmProvider;
import dev.talon.platform.plugin.ProviderSecrets;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.TenantConfig;
import io.temporal.failure.ApplicationFailure;

/**
 * Calls the tenant's provider. The API key is resolved here, inside the activity, so it never enters
 * workflow inputs, results or history.
 */
public final class LlmActivitiesImpl implements LlmActivities {

    private final TenantScope scope;
    private final ProviderSecrets secrets;

    public LlmActivitiesImpl(TenantScope scope, ProviderSecrets secrets) {
        this.scope = scope;
        this.secrets = secrets;
    }

    @Override
    public ChatResponse chat(LlmChatInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        TenantToolbox toolbox = scope.toolbox(tenant);
        LlmProvider provider = toolbox.llmProvider().orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                "provider plugin '" + tenant.provider().plugin() + "' of tenant '" + tenant.id()
                        + "' is not loaded: put its zip in the plugins directory and restart", LlmFailures.REJECTED));
        ChatRequest request;
        try {
            request = new ChatRequest(tenant.provider().model(), input.messages(), toolbox.specs(),
                    secrets.settingsFor(tenant));
        } catch (IllegalStateException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), LlmFailures.REJECTED);
        }
        try {
            return provider.chat(request);
        } catch (LlmException e) {
            String message = secrets.scrub(tenant, e.getMessage());
            throw e.retryable()
                    ? ApplicationFailure.newFailure(message, LlmFailures.RETRYABLE)
                    : ApplicationFailure.newNonRetryableFailure(message, LlmFailures.REJECTED);
        } catch (RuntimeException e) {
            // A bug in the provider plugin; retrying may hit a healthier path, the attempts are bounded.
            throw ApplicationFailure.newFailure("provider plugin '" + tenant.provider().plugin() + "' failed: "
                    + secrets.scrub(tenant, String.valueOf(e.getMessage())), LlmFailures.RETRYABLE);
        }
    }
}
