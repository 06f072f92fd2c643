package dev.talon.platform.workflow;

import dev.talon.api.Message;
import dev.talon.platform.data.TurnLogRef;
import java.util.List;

/**
 * The prompt of a turn and the tenant limits the workflow needs to run it (limits come from here, an activity
 * result, because workflow code may not read config).
 *
 * @param log      where the prompt was written; null when the messages come inline
 * @param messages the prompt itself, only when asked for inline; empty otherwise
 * @param approvalTools          tools that wait for a human's approval before they run
 * @param approvalTimeoutSeconds how long to wait for it; then the call is denied
 * @param consolidateMemory      the session's unconsolidated messages exceed the history window: after recording,
 *                               the turn starts a memory consolidation (false in histories from before)
 * @param subagents              the tenant's subagent limits when it offers {@code spawn}; null when it does not
 *                               (and in histories from before)
 */
public record Prompt(TurnLogRef log, List<Message> messages, int maxIterations, int execTimeoutSeconds,
                     List<String> approvalTools, int approvalTimeoutSeconds, boolean consolidateMemory,
                     SubagentLimits subagents) {

    public Prompt {
        // histories recorded before approvals existed carry no such field
        approvalTools = approvalTools == null ? List.of() : List.copyOf(approvalTools);
        messages = messages == null ? List.of() : messages;
    }

    /** A prompt of a tenant without subagents. */
    public Prompt(TurnLogRef log, List<Message> messages, int maxIterations, int execTimeoutSeconds,
                  List<String> approvalTools, int approvalTimeoutSeconds, boolean consolidateMemory) {
        this(log, messages, maxIterations, execTimeoutSeconds, approvalTools, approvalTimeoutSeconds,
                consolidateMemory, null);
    }

    /** A prompt that asks for no consolidation. */
    public Prompt(TurnLogRef log, List<Message> messages, int maxIterations, int execTimeoutSeconds,
                  List<String> approvalTools, int approvalTimeoutSeconds) {
        this(log, messages, maxIterations, execTimeoutSeconds, approvalTools, approvalTimeoutSeconds, false, null);
    }
}
