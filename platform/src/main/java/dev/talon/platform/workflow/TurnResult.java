package dev.talon.platform.workflow;

import dev.talon.api.Usage;
import java.util.List;

/**
 * How a turn ended.
 *
 * @param reply      the agent's final answer
 * @param toolsUsed  the tools called, in order, repeated when called again
 * @param iterations LLM calls made
 * @param stopReason {@code completed}, or {@code max_iterations} when the limit cut the loop
 */
public record TurnResult(String turnId, String tenant, String session, String reply, List<String> toolsUsed,
                         int iterations, Usage usage, String stopReason) {

    public static final String COMPLETED = "completed";
    public static final String MAX_ITERATIONS = "max_iterations";
}
