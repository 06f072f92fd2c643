package dev.talon.platform.workflow;

import dev.talon.api.ToolResultMessage;
import dev.talon.platform.data.TurnLogRef;

/** A tool call's result (cut for the LLM if long), and the turn log after it was appended (null inline). */
public record ToolStep(ToolResultMessage result, TurnLogRef log) {
}
