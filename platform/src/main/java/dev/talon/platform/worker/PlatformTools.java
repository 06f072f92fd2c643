package dev.talon.platform.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ToolSpec;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.SubagentPolicy;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.SpawnRequest;
import dev.talon.platform.workflow.SubagentLimits;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tools the platform itself provides, offered beside the plugins' tools: {@code message} (every tenant; an
 * interim message to the user, run by {@link InterimMessages}) and {@code spawn} (tenants whose subagent policy is
 * enabled, below its depth; run by the workflow, see workflow/Subagents). A plugin tool of the same name is hidden.
 */
final class PlatformTools {

    static final String MESSAGE = "message";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ToolSpec MESSAGE_SPEC = new ToolSpec(MESSAGE,
            "Send the user an interim message now, while you keep working (progress, a question you will answer"
                    + " yourself, a partial result). Your final answer still comes at the end.",
            schema("""
                    {"type": "object", "properties": {"content": {"type": "string", "minLength": 1,
                     "maxLength": %d, "description": "the message"}},
                     "required": ["content"], "additionalProperties": false}""".formatted(InterimMessages.MAX_CHARS)));

    private static final ToolSpec SPAWN_SPEC = new ToolSpec(SpawnRequest.TOOL,
            "Start a subagent: another agent with its own session and tools that works on a task you give it."
                    + " With wait=false (the default) it runs in the background and its answer arrives later in this"
                    + " session as a message; with wait=true you get its answer as this call's result.",
            schema("""
                    {"type": "object", "properties": {
                     "task": {"type": "string", "minLength": 1, "maxLength": %d, "description": "what the subagent is asked, with everything it needs to know"},
                     "label": {"type": "string", "pattern": "^%s$", "description": "a short name for the subagent, e.g. research"},
                     "wait": {"type": "boolean", "description": "true to wait for its answer in this call"}},
                     "required": ["task", "label"], "additionalProperties": false}"""
                    .formatted(SpawnRequest.MAX_TASK_CHARS, SpawnRequest.LABEL.pattern().replace("\\", "\\\\"))));

    private PlatformTools() {
    }

    /** What the LLM is offered: the plugins' tools without those the platform's shadow, then the platform's. */
    static List<ToolSpec> offered(TenantConfig tenant, TenantToolbox toolbox, int subagentDepth) {
        List<ToolSpec> platform = new ArrayList<>();
        platform.add(MESSAGE_SPEC);
        SubagentPolicy subagents = tenant.subagents();
        if (subagents.enabled() && subagentDepth < subagents.maxDepth()) {
            platform.add(SPAWN_SPEC);
        }
        // with subagents on, the workflow runs every spawn call: a plugin's spawn would never run
        Set<String> shadowed = subagents.enabled() ? Set.of(MESSAGE, SpawnRequest.TOOL) : Set.of(MESSAGE);
        List<ToolSpec> specs = new ArrayList<>(toolbox.specs().stream()
                .filter(spec -> !shadowed.contains(spec.name())).toList());
        specs.addAll(platform);
        return specs;
    }

    /** The limits the workflow needs to run spawn calls, or null when the tenant offers none. */
    static SubagentLimits subagentLimits(TenantConfig tenant) {
        SubagentPolicy policy = tenant.subagents();
        return policy.enabled()
                ? new SubagentLimits(policy.maxDepth(), policy.maxConcurrent(), policy.maxIterations()) : null;
    }

    private static JsonNode schema(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
