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
 * @param userMessage            the user message the prompt ends with when it is not the request's (a heartbeat's,
 *                               made from {@code HEARTBEAT.md}); null otherwise
 * @param skipped                why the turn has nothing to do (a heartbeat in quiet hours, an empty HEARTBEAT.md):
 *                               then no turn log was started and the turn ends at once; null otherwise
 */
public record Prompt(TurnLogRef log, List<Message> messages, int maxIterations, int execTimeoutSeconds,
                     List<String> approvalTools, int approvalTimeoutSeconds, boolean consolidateMemory,
                     SubagentLimits subagents, String userMessage, String skipped) {

    public Prompt {
        // histories recorded before approvals existed carry no such field
        approvalTools = approvalTools == null ? List.of() : List.copyOf(approvalTools);
        messages = messages == null ? List.of() : messages;
    }

    /** A prompt of a tenant without subagents, for the request's own message. */
    public Prompt(TurnLogRef log, List<Message> messages, int maxIterations, int execTimeoutSeconds,
                  List<String> approvalTools, int approvalTimeoutSeconds, boolean consolidateMemory) {
        this(log, messages, maxIterations, execTimeoutSeconds, approvalTools, approvalTimeoutSeconds,
                consolidateMemory, null, null, null);
    }

    /** A turn with nothing to do, and why. */
    public static Prompt skip(String reason) {
        return new Prompt(null, List.of(), 0, 1, List.of(), 1, false, null, null, reason);
    }

    /** A prompt that asks for no consolidation. */
    public Prompt(TurnLogRef log, List<Message> messages, int maxIterations, int execTimeoutSeconds,
                  List<String> approvalTools, int approvalTimeoutSeconds) {
        this(log, messages, maxIterations, execTimeoutSeconds, approvalTools, approvalTimeoutSeconds, false);
    }
}
