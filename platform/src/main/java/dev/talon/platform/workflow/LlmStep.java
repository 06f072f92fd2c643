package dev.talon.platform.workflow;

import dev.talon.api.ChatResponse;
import dev.talon.platform.data.TurnLogRef;

/** An LLM call's answer, and the turn log after it was appended (null when the turn runs inline). */
public record LlmStep(ChatResponse response, TurnLogRef log) {
}
