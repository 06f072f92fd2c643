package dev.talon.platform.budget;

import dev.talon.api.Usage;
import java.math.BigDecimal;

/** What one model's calls used in one period, and what they cost (US dollars, exact). */
public record ModelUsage(long calls, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                         BigDecimal costUsd) {

    public static final ModelUsage NONE = new ModelUsage(0, 0, 0, 0, 0, BigDecimal.ZERO);

    public ModelUsage {
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }

    /** The tokens budgets count: every input token (cached or not) and every output token. */
    public long tokens() {
        return inputTokens + outputTokens;
    }

    ModelUsage plus(Usage usage, BigDecimal cost) {
        return new ModelUsage(calls + 1, inputTokens + usage.inputTokens(), outputTokens + usage.outputTokens(),
                cacheReadTokens + usage.cacheReadTokens(), cacheWriteTokens + usage.cacheWriteTokens(),
                costUsd.add(cost));
    }

    ModelUsage plus(ModelUsage other) {
        return new ModelUsage(calls + other.calls, inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens,
                costUsd.add(other.costUsd));
    }
}
