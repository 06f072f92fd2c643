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
 */
public record Prompt(TurnLogRef log, List<Message> messages, int maxIterations, int execTimeoutSeconds) {
}
