package dev.talon.platform.workflow;

import dev.talon.api.Message;
import java.util.List;

/**
 * The prompt of a turn and the tenant limits the workflow needs to run it. Limits come from here, an
 * activity result, because workflow code may not read config.
 */
public record Prompt(List<Message> messages, int maxIterations, int execTimeoutSeconds) {
}
