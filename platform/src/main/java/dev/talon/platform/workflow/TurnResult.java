package dev.talon.platform.workflow;

import dev.talon.api.Usage;
import java.util.List;

/**
 * How a turn ended.
 *
 * @param reply      the agent's final answer
 * @param toolsUsed  the tools called, in order, repeated when called again
 * @param iterations LLM calls made
 * @param stopReason {@code completed}, {@code max_iterations} when the limit cut the loop, or
 *                   {@code budget_exhausted} when the tenant's budget had no room for the next LLM call;
 *                   a heartbeat turn that stored nothing: {@code skipped} (quiet hours, nothing in HEARTBEAT.md;
 *                   the reply says why) or {@code heartbeat_ok} (the model found nothing to do)
 */
public record TurnResult(String turnId, String tenant, String session, String reply, List<String> toolsUsed,
                         int iterations, Usage usage, String stopReason) {

    public static final String COMPLETED = "completed";
    public static final String MAX_ITERATIONS = "max_iterations";
    public static final String BUDGET_EXHAUSTED = "budget_exhausted";
    public static final String SKIPPED = "skipped";
    public static final String NOTHING_TO_DO = "heartbeat_ok";
}
