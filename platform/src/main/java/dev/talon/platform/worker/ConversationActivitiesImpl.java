package dev.talon.platform.worker;

import dev.talon.platform.workflow.BuildPromptInput;
import dev.talon.platform.workflow.ConversationActivities;
import dev.talon.platform.workflow.DiscardTurnLogInput;
import dev.talon.platform.workflow.Prompt;
import dev.talon.platform.workflow.RecordTurnInput;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.TextCut;
import dev.talon.api.UserMessage;
import dev.talon.api.WorkspaceFileException;
import dev.talon.files.ConfinedTree;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.data.TurnLogRef;
import dev.talon.platform.tenant.TenantConfig;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds prompts from the session file, memory and bootstrap files into the turn log, and records finished
 * turns from it.
 */
public final class ConversationActivitiesImpl implements ConversationActivities {

    /** Read first, in this order, from the workspace root, as nanobot does. */
    static final List<String> BOOTSTRAP_FILES = List.of("AGENTS.md", "SOUL.md", "USER.md", "TOOLS.md", "IDENTITY.md");
    private static final int MAX_BOOTSTRAP_CHARS = 32_000;
    /** Four bytes a character at most: enough for the characters kept, and a cap on what is read at all. */
    private static final long MAX_BOOTSTRAP_BYTES = 4L * MAX_BOOTSTRAP_CHARS;
    private static final String DEFAULT_SYSTEM_PROMPT = """
            You are an AI agent running on Talon. You work in a workspace directory that your file and shell \
            tools can reach; paths are relative to it. Use tools when they help, then answer briefly.""";

    private final TenantScope scope;
    private final DataLayout layout;
    private final SessionStore sessions;
    private final TurnLog turnLog;
    private final ActivityTurnLog activityTurnLog;

    public ConversationActivitiesImpl(TenantScope scope, DataLayout layout, SessionStore sessions, TurnLog turnLog) {
        this.scope = scope;
        this.layout = layout;
        this.sessions = sessions;
        this.turnLog = turnLog;
        this.activityTurnLog = new ActivityTurnLog(turnLog);
    }

    @Override
    public Prompt buildPrompt(BuildPromptInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage(systemPrompt(tenant)));
        messages.addAll(sessions.history(tenant.id(), input.session(), tenant.limits().historyWindow()));
        messages.add(new UserMessage(input.message()));
        int maxIterations = tenant.limits().maxIterations();
        int execTimeout = tenant.limits().execTimeoutSeconds();
        List<String> approvalTools = ApprovalGate.gatedTools(tenant.approval(), scope.toolbox(tenant));
        int approvalTimeout = tenant.approval().timeoutSeconds();
        if (input.inline()) {
            return new Prompt(null, messages, maxIterations, execTimeout, approvalTools, approvalTimeout);
        }
        return new Prompt(turnLog.start(tenant.id(), input.turnId(), messages), List.of(), maxIterations, execTimeout,
                approvalTools, approvalTimeout);
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

    private String systemPrompt(TenantConfig tenant) {
        StringBuilder prompt = new StringBuilder(
                tenant.systemPrompt().isBlank() ? DEFAULT_SYSTEM_PROMPT : tenant.systemPrompt());
        ConfinedTree workspace = layout.workspaceFiles(tenant.id());
        for (String name : BOOTSTRAP_FILES) {
            appendFile(prompt, "## " + name, workspace, name);
        }
        appendFile(prompt, "# Memory", layout.tenantFiles(tenant.id()), "memory/MEMORY.md");
        return prompt.toString();
    }

    // The tenant's programs write these files: a link (to /proc/self/environ, to another tenant's session), a
    // FIFO or a directory in their place is left out, never followed or opened; a huge one is cut, not read whole.
    private static void appendFile(StringBuilder prompt, String heading, ConfinedTree tree, String name) {
        Optional<byte[]> content;
        try {
            content = tree.readIfRegularFile(name, MAX_BOOTSTRAP_BYTES);
        } catch (WorkspaceFileException e) {
            if (e.problem() != WorkspaceFileException.Problem.TOO_LARGE) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
            prompt.append("\n\n").append(heading).append("\n\n(").append(name).append(" is larger than ")
                    .append(MAX_BOOTSTRAP_BYTES).append(" bytes and was left out; shorten it)");
            return;
        }
        if (content.isEmpty()) {
            return;
        }
        String text = new String(content.get(), StandardCharsets.UTF_8);
        if (text.length() > MAX_BOOTSTRAP_CHARS) {
            text = TextCut.head(text, MAX_BOOTSTRAP_CHARS) + "\n... (truncated)";
        }
        prompt.append("\n\n").append(heading).append("\n\n").append(text.strip());
    }
}
