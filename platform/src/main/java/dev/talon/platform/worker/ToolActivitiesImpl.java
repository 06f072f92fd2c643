package dev.talon.platform.worker;

import dev.talon.platform.workflow.EndSessionInput;
import dev.talon.platform.workflow.ExecuteToolInput;
import dev.talon.platform.workflow.ToolActivities;
import dev.talon.platform.workflow.ToolStep;
import dev.talon.api.SecretResolver;
import dev.talon.api.Tool;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.ToolSettings;
import dev.talon.files.ConfinedTree;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.plugin.SecretReferences;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.TenantConfig;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCanceledException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs one tool call for the worker's tenant. Only tools the tenant was offered can run: a call naming any
 * other tool, forged or hallucinated, gets the same "not found" error the LLM would read.
 */
public final class ToolActivitiesImpl implements ToolActivities {

    /** nanobot's nudge after an error, so the model changes course instead of repeating itself. */
    static final String ERROR_HINT = "\n\n[Analyze the error above and try a different approach.]";

    private final TenantScope scope;
    private final DataLayout layout;
    private final ActivityTurnLog turnLog;
    private final InterimMessages interimMessages;
    private final SecretResolver secrets;
    /** Each tool's schema compiled once, for the life of this worker. */
    private final ToolArguments arguments = new ToolArguments();

    /** Tool settings' secrets read from the process environment and files. */
    public ToolActivitiesImpl(TenantScope scope, DataLayout layout, TurnLog turnLog) {
        this(scope, layout, turnLog, SecretReferences.fromSystemEnvironment());
    }

    /** @param secrets reads the secret references in the tenant's tool settings */
    public ToolActivitiesImpl(TenantScope scope, DataLayout layout, TurnLog turnLog, SecretResolver secrets) {
        this.scope = scope;
        this.layout = layout;
        this.turnLog = new ActivityTurnLog(turnLog);
        this.interimMessages = new InterimMessages(turnLog);
        this.secrets = secrets;
    }

    @Override
    public ToolStep execute(ExecuteToolInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        Path workspace = layout.workspace(tenant.id());
        // before any tool writes: what file tools create takes the root's owner, the sandbox's user
        scope.toolbox(tenant).execBackend().ifPresent(backend -> backend.prepareWorkspace(tenant.id(), workspace));
        ToolResultMessage full = run(tenant, workspace, input);
        ToolResultMessage result = new ToolResultMessage(full.toolCallId(), full.name(),
                LongToolOutput.cut(layout, tenant.id(), input.turnId(), input.step(), full.toolCallId(), full.content(),
                        tenant.limits().toolOutputChars()),
                full.error());
        return new ToolStep(result, turnLog.appendOrDetach(tenant.id(), input.turnId(), input.log(), result));
    }

    @Override
    public void endSession(EndSessionInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        scope.toolbox(tenant).execBackend().ifPresent(backend -> backend.sessionEnded(tenant.id(), input.session()));
    }

    private ToolResultMessage run(TenantConfig tenant, Path workspace, ExecuteToolInput input) {
        TenantToolbox toolbox = scope.toolbox(tenant);
        ToolCall call = input.call();
        if (input.denial() != null) {
            return error(call, "Error: this tool call was not approved: " + input.denial()
                    + ". Do not retry it; ask the user or try another way.");
        }
        if (input.platformResult() != null) {
            // the workflow ran it (spawn): the result only goes to the turn log
            return input.platformError() ? error(call, input.platformResult()) : ok(call, input.platformResult());
        }
        if (PlatformTools.MESSAGE.equals(call.name())) {
            ActivityInfo info = Activity.getExecutionContext().getInfo();
            String problem = interimMessages.send(tenant.id(), input.turnId(), input.step(), info.getAttempt(),
                    idempotencyKey(), call.arguments());
            return problem == null ? ok(call, "Message sent.") : error(call, problem);
        }
        Optional<Tool> tool = toolbox.tool(call.name());
        if (tool.isEmpty()) {
            return error(call, "Error: Tool '" + call.name() + "' not found. Available tools: "
                    + String.join(", ", PlatformTools.offered(tenant, toolbox, 0).stream()
                    .map(spec -> spec.name()).toList()));
        }
        String refused = arguments.problem(tool.get().spec(), call.arguments());
        if (refused != null) {
            return error(call, refused); // the tool never sees arguments that do not fit its schema
        }
        ToolResult result;
        boolean cancelled;
        // the secrets the tool reads are remembered so that none of them leaves in its result
        ScrubbedSecrets readSecrets = new ScrubbedSecrets(secrets);
        ToolSettings settings = settingsFor(tenant, toolbox, call.name(), readSecrets);
        try (ActivityHeartbeat heartbeat = ActivityHeartbeat.start(Activity.getExecutionContext())) {
            ActivityToolContext context = new ActivityToolContext(tenant.id(), input.session(), input.turnId(),
                    workspace, ConfinedTree.at(workspace), toolbox.execBackend(),
                    Duration.ofSeconds(tenant.limits().execTimeoutSeconds()), heartbeat, settings,
                    idempotencyKey());
            try {
                result = tool.get().execute(call.arguments(), context);
            } catch (RuntimeException e) {
                result = ToolResult.error("Error: " + call.name() + " failed: " + e.getMessage());
            }
            cancelled = heartbeat.cancelled();
        }
        if (cancelled) {
            throw new ActivityCanceledException(Activity.getExecutionContext().getInfo());
        }
        String content = readSecrets.scrub(result.content());
        return result.error() ? error(call, content) : ok(call, content);
    }

    /** The turn's workflow id and this call's activity id: the same for every attempt of the call. */
    private static String idempotencyKey() {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        return info.getWorkflowId() + "/" + info.getActivityId();
    }

    private static ToolSettings settingsFor(TenantConfig tenant, TenantToolbox toolbox, String toolName,
                                            SecretResolver secrets) {
        return toolbox.pluginOf(toolName)
                .map(pluginId -> ToolSettings.of(tenant.toolSettings().get(pluginId), secrets))
                .orElse(ToolSettings.EMPTY);
    }

    private static ToolResultMessage ok(ToolCall call, String content) {
        return new ToolResultMessage(call.id(), call.name(), content, false);
    }

    private static ToolResultMessage error(ToolCall call, String content) {
        return new ToolResultMessage(call.id(), call.name(), content + ERROR_HINT, true);
    }
}
