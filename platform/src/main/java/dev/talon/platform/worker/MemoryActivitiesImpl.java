package dev.talon.platform.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.LlmException;
import dev.talon.api.LlmProvider;
import dev.talon.api.ToolCall;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.plugin.ProviderSecrets;
import dev.talon.platform.prompt.ConsolidationPrompt;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.ConsolidateMemoryInput;
import dev.talon.platform.workflow.LlmFailures;
import dev.talon.platform.workflow.MemoryActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Folds a session's older messages into the workspace's memory files. Three steps, each safe to repeat: ask the
 * LLM for {@code save_memory}; write its answer into the session's metadata as pending (only if
 * {@code last_consolidated} is still where this attempt started); apply the pending answer to the files
 * ({@link MemoryFiles}, which appends an entry once) and move {@code last_consolidated}, clearing it. An attempt
 * that finds a pending answer applies that one and asks the LLM nothing.
 */
public final class MemoryActivitiesImpl implements MemoryActivities {

    static final String PENDING = "pending_consolidation";
    private static final System.Logger LOG = System.getLogger(MemoryActivitiesImpl.class.getName());

    private final TenantScope scope;
    private final DataLayout layout;
    private final SessionStore sessions;
    private final ProviderSecrets secrets;
    private final Clock clock;

    public MemoryActivitiesImpl(TenantScope scope, DataLayout layout, SessionStore sessions, ProviderSecrets secrets,
                                Clock clock) {
        this.scope = scope;
        this.layout = layout;
        this.sessions = sessions;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Override
    public boolean consolidate(ConsolidateMemoryInput input) {
        TenantConfig tenant = scope.config(input.tenant());
        MemoryFiles memory = new MemoryFiles(layout.workspaceFiles(tenant.id()));
        Optional<ObjectNode> metadata = sessions.metadata(tenant.id(), input.session());
        if (metadata.isEmpty()) {
            return false;
        }
        if (metadata.get().path("metadata").has(PENDING)) {
            return apply(tenant, input.session(), memory);
        }
        int window = tenant.limits().historyWindow();
        List<JsonNode> stored = sessions.messages(tenant.id(), input.session());
        int from = (int) Math.clamp(metadata.get().path("last_consolidated").asLong(0), 0, stored.size());
        if (stored.size() - from <= window) {
            return false;
        }
        int to = stored.size() - window / 2; // nanobot keeps half a window unconsolidated
        ToolCall save = askLlm(tenant, stored.subList(from, to), memory.memory());
        String entry = MemoryFiles.historyEntry(text(save, "history_entry", MemoryFiles.MAX_ENTRY_CHARS),
                Instant.now(clock));
        String update = text(save, "memory_update", MemoryFiles.MAX_MEMORY_CHARS);
        boolean pending = sessions.updateMetadata(tenant.id(), input.session(), (line, count) -> {
            ObjectNode own = line.withObjectProperty("metadata");
            if (own.has(PENDING) || line.path("last_consolidated").asLong(0) != from) {
                return false; // another attempt got here first
            }
            own.putObject(PENDING).put("from", from).put("to", to).put("history_entry", entry)
                    .put("memory_update", update);
            return true;
        });
        if (!pending) {
            LOG.log(System.Logger.Level.INFO, "tenant {0}, session {1}: consolidation already under way",
                    tenant.id(), input.session());
        }
        return apply(tenant, input.session(), memory);
    }

    /** Applies the pending answer, if any: files first, then the metadata, so a crash in between repeats it. */
    private boolean apply(TenantConfig tenant, String session, MemoryFiles memory) {
        Optional<ObjectNode> metadata = sessions.metadata(tenant.id(), session);
        JsonNode pending = metadata.map(m -> m.path("metadata").path(PENDING)).orElse(null);
        if (pending == null || !pending.isObject()) {
            return false;
        }
        memory.apply(pending.path("history_entry").asText(""), pending.path("memory_update").asText(""));
        long to = pending.path("to").asLong();
        return sessions.updateMetadata(tenant.id(), session, (line, count) -> {
            JsonNode still = line.path("metadata").path(PENDING);
            if (!still.isObject() || still.path("to").asLong() != to) {
                return false;
            }
            line.put("last_consolidated", Math.min(to, count));
            line.withObjectProperty("metadata").remove(PENDING);
            return true;
        });
    }

    private ToolCall askLlm(TenantConfig tenant, List<JsonNode> lines, String currentMemory) {
        LlmProvider provider = scope.toolbox(tenant).llmProvider().orElseThrow(() ->
                ApplicationFailure.newNonRetryableFailure("provider plugin of tenant '" + tenant.id()
                        + "' is not loaded or is disabled", LlmFailures.REJECTED));
        AssistantMessage reply;
        try {
            reply = provider.chat(new ChatRequest(tenant.provider().model(),
                    ConsolidationPrompt.messages(lines, currentMemory), List.of(ConsolidationPrompt.tool()),
                    secrets.settingsFor(tenant))).message();
        } catch (LlmException e) {
            throw LlmFailures.of(e, secrets.scrub(tenant, e.getMessage()), Instant.now(clock));
        } catch (IllegalStateException e) {
            throw ApplicationFailure.newNonRetryableFailure(secrets.scrub(tenant, e.getMessage()), LlmFailures.REJECTED);
        }
        return reply.toolCalls().stream().filter(call -> call.name().equals(ConsolidationPrompt.TOOL)).findFirst()
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "the LLM answered the consolidation without calling save_memory", LlmFailures.REJECTED));
    }

    /** A string argument of the model's call, checked: the model is not trusted to keep to the schema. */
    private static String text(ToolCall call, String name, int maxChars) {
        JsonNode value = call.arguments().path(name);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApplicationFailure.newNonRetryableFailure("save_memory needs " + name + " as text",
                    LlmFailures.REJECTED);
        }
        if (value.asText().length() > maxChars) {
            throw ApplicationFailure.newNonRetryableFailure("save_memory's " + name + " is longer than " + maxChars
                    + " characters", LlmFailures.REJECTED);
        }
        return value.asText();
    }
}
