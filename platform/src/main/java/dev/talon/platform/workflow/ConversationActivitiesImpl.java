package dev.talon.platform.workflow;

import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.UserMessage;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.tenant.TenantConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds prompts from the session file, memory and bootstrap files, and records finished turns. */
public final class ConversationActivitiesImpl implements ConversationActivities {

    /** Read first, in this order, from the workspace root, as nanobot does. */
    static final List<String> BOOTSTRAP_FILES = List.of("AGENTS.md", "SOUL.md", "USER.md", "TOOLS.md", "IDENTITY.md");
    private static final int MAX_BOOTSTRAP_CHARS = 32_000;
    private static final String DEFAULT_SYSTEM_PROMPT = """
            You are an AI agent running on Talon. You work in a workspace directory that your file and shell \
            tools can reach; paths are relative to it. Use tools when they help, then answer briefly.""";

    private final TenantScope scope;
    private final DataLayout layout;
    private final SessionStore sessions;

    public ConversationActivitiesImpl(TenantScope scope, DataLayout layout, SessionStore sessions) {
        this.scope = scope;
        this.layout = layout;
        this.sessions = sessions;
    }

    @Override
    public Prompt buildPrompt(BuildPromptInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage(systemPrompt(tenant)));
        messages.addAll(sessions.history(tenant.id(), input.session(), tenant.limits().historyWindow()));
        messages.add(new UserMessage(input.message()));
        return new Prompt(messages, tenant.limits().maxIterations(), tenant.limits().execTimeoutSeconds());
    }

    @Override
    public boolean recordTurn(RecordTurnInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        return sessions.record(tenant.id(), input.session(), input.turnId(), input.messages());
    }

    private String systemPrompt(TenantConfig tenant) {
        StringBuilder prompt = new StringBuilder(
                tenant.systemPrompt().isBlank() ? DEFAULT_SYSTEM_PROMPT : tenant.systemPrompt());
        Path workspace = layout.workspace(tenant.id());
        for (String name : BOOTSTRAP_FILES) {
            appendFile(prompt, "## " + name, workspace.resolve(name));
        }
        appendFile(prompt, "# Memory", layout.memoryFile(tenant.id()));
        return prompt.toString();
    }

    private static void appendFile(StringBuilder prompt, String heading, Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.length() > MAX_BOOTSTRAP_CHARS) {
                text = text.substring(0, MAX_BOOTSTRAP_CHARS) + "\n... (truncated)";
            }
            prompt.append("\n\n").append(heading).append("\n\n").append(text.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
