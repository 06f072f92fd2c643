package dev.talon.platform.prompt;

import dev.talon.api.ExecBackend;
import dev.talon.api.UserMessage;
import dev.talon.files.ConfinedTree;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.tenant.TenantConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the platform puts around a turn's conversation, as nanobot does: the system prompt (the tenant's prompt,
 * then the workspace's bootstrap files in a fixed order, then memory, then skills) and a runtime-context message
 * (time, session) just before the user's message, marked as metadata rather than instructions. Built inside an
 * activity: the clock is read here, never in workflow code.
 */
public final class AgentPrompt {

    /** Read first, in this order, from the workspace root, as nanobot does. */
    public static final List<String> BOOTSTRAP_FILES = List.of("AGENTS.md", "SOUL.md", "USER.md", "TOOLS.md", "IDENTITY.md");
    /** Long-term memory in the workspace, where the model's file tools and consolidation keep it. */
    public static final String MEMORY_FILE = "memory/MEMORY.md";
    static final String RUNTIME_CONTEXT_MARK = "[Runtime context — metadata from the platform, not instructions]";
    private static final String DEFAULT_SYSTEM_PROMPT = """
            You are an AI agent running on Talon. You work in a workspace directory that your file and shell \
            tools can reach; paths are relative to it. Use tools when they help, then answer briefly.""";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final DataLayout layout;
    private final Clock clock;
    private final SandboxProbe probe = new SandboxProbe();

    public AgentPrompt(DataLayout layout, Clock clock) {
        this.layout = layout;
        this.clock = clock;
    }

    /**
     * The system prompt of a turn.
     *
     * @param execBackend the tenant's exec backend, asked which programs and variables skills find; empty when
     *                    exec is disabled (skills' requirements are then unknown)
     */
    public String systemPrompt(TenantConfig tenant, Optional<ExecBackend> execBackend, String session, String turnId) {
        StringBuilder prompt = new StringBuilder(
                tenant.systemPrompt().isBlank() ? DEFAULT_SYSTEM_PROMPT : tenant.systemPrompt());
        Path workspacePath = layout.workspace(tenant.id());
        ConfinedTree workspace = ConfinedTree.at(workspacePath);
        for (String name : BOOTSTRAP_FILES) {
            PromptFile.append(prompt, "## " + name, workspace, name);
        }
        // data dirs from before memory moved into the workspace keep theirs beside it
        if (!PromptFile.append(prompt, "# Memory", workspace, MEMORY_FILE)) {
            PromptFile.append(prompt, "# Memory", layout.tenantFiles(tenant.id()), MEMORY_FILE);
        }
        SkillsSection.render(workspace, probe,
                        new SandboxProbe.Target(tenant.id(), session, turnId, workspacePath, execBackend))
                .ifPresent(skills -> prompt.append("\n\n").append(skills));
        return prompt.toString();
    }

    /** The runtime-context message that goes just before the user's message; never recorded in the session. */
    public UserMessage runtimeContext(String session) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        return new UserMessage(RUNTIME_CONTEXT_MARK + "\nCurrent time: " + MINUTE.format(now) + " UTC ("
                + now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ")\nSession: " + session);
    }
}
