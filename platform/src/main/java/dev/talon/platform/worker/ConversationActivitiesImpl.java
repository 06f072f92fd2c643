package dev.talon.platform.worker;

import dev.talon.platform.workflow.BuildPromptInput;
import dev.talon.platform.workflow.ConversationActivities;
import dev.talon.platform.workflow.DiscardTurnLogInput;
import dev.talon.platform.schedule.HeartbeatPrompt;
import dev.talon.platform.workflow.Prompt;
import dev.talon.platform.workflow.TurnRequest;
import dev.talon.platform.workflow.RecordTurnInput;
import dev.talon.platform.workflow.SubagentLimits;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.UserMessage;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.prompt.AgentPrompt;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.data.TurnLogRef;
import dev.talon.platform.tenant.TenantConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds prompts from the session file, memory and bootstrap files into the turn log, and records finished
 * turns from it.
 */
public final class ConversationActivitiesImpl implements ConversationActivities {

    private final TenantScope scope;
    private final SessionStore sessions;
    private final TurnLog turnLog;
    private final ActivityTurnLog activityTurnLog;
    private final AgentPrompt agentPrompt;
    private final DataLayout layout;
    private final Clock clock;

    public ConversationActivitiesImpl(TenantScope scope, DataLayout layout, SessionStore sessions, TurnLog turnLog) {
        this(scope, layout, sessions, turnLog, Clock.systemUTC());
    }

    /** @param clock the time the runtime context tells the model */
    public ConversationActivitiesImpl(TenantScope scope, DataLayout layout, SessionStore sessions, TurnLog turnLog,
                                      Clock clock) {
        this.scope = scope;
        this.sessions = sessions;
        this.turnLog = turnLog;
        this.activityTurnLog = new ActivityTurnLog(turnLog);
        this.agentPrompt = new AgentPrompt(layout, clock);
        this.layout = layout;
        this.clock = clock;
    }

    @Override
    public Prompt buildPrompt(BuildPromptInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        String userMessage = input.message();
        boolean heartbeat = TurnRequest.HEARTBEAT.equals(input.origin());
        if (heartbeat) {
            switch (HeartbeatPrompt.beat(tenant.heartbeat(), layout.workspaceFiles(tenant.id()), clock.instant())) {
                case HeartbeatPrompt.Skip skip -> {
                    return Prompt.skip(skip.reason());
                }
                case HeartbeatPrompt.Ask ask -> userMessage = ask.message();
            }
        }
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage(agentPrompt.systemPrompt(tenant, scope.toolbox(tenant).execBackend(),
                input.session(), input.turnId())));
        messages.addAll(sessions.history(tenant.id(), input.session(), tenant.limits().historyWindow()));
        // metadata, not the user's words: just before the user message, which stays last (RecordTurn starts there)
        messages.add(agentPrompt.runtimeContext(input.session()));
        messages.add(new UserMessage(userMessage));
        int maxIterations = tenant.limits().maxIterations();
        int execTimeout = tenant.limits().execTimeoutSeconds();
        List<String> approvalTools = ApprovalGate.gatedTools(tenant.approval(), scope.toolbox(tenant));
        int approvalTimeout = tenant.approval().timeoutSeconds();
        boolean consolidate = sessions.unconsolidated(tenant.id(), input.session()) > tenant.limits().historyWindow();
        SubagentLimits subagents = PlatformTools.subagentLimits(tenant);
        if (input.inline()) {
            return new Prompt(null, messages, maxIterations, execTimeout, approvalTools, approvalTimeout, consolidate,
                    subagents, heartbeat ? userMessage : null, null);
        }
        return new Prompt(turnLog.start(tenant.id(), input.turnId(), messages), List.of(), maxIterations, execTimeout,
                approvalTools, approvalTimeout, consolidate, subagents, heartbeat ? userMessage : null, null);
    }

    @Override
    public boolean recordTurn(RecordTurnInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        List<Message> messages = new ArrayList<>();
        if (input.log() != null) {
            messages.addAll(fromLog(tenant.id(), input.turnId(), input.log(), input.firstMessage()));
        }
        messages.addAll(input.messages());
        boolean written = sessions.record(tenant.id(), input.session(), input.turnId(), messages);
        turnLog.discard(tenant.id(), input.turnId());
        return written;
    }

    @Override
    public void discardTurnLog(DiscardTurnLogInput input) {
        turnLog.discard(scope.config(input.tenant()).id(), input.turnId());
    }

    private List<Message> fromLog(String tenant, String turnId, TurnLogRef log, int firstMessage) {
        List<Message> all = activityTurnLog.conversation(tenant, turnId, log, List.of());
        return all.subList(firstMessage, all.size());
    }
}
