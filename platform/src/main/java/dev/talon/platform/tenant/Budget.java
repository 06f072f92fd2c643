package dev.talon.platform.tenant;

import java.math.BigDecimal;

/**
 * A tenant's spending limits on LLM calls, per UTC day and per UTC month; a null limit is no limit. Costs come
 * from the platform's prices per model ({@code talon.prices} in application.yaml).
 *
 * @param tokensPerDay        input + output tokens per day
 * @param tokensPerMonth      input + output tokens per month
 * @param costPerDayUsd       US dollars per day
 * @param costPerMonthUsd     US dollars per month
 * @param reserveOutputTokens the output tokens held back before each call (on top of its estimated input), so
 *                            concurrent calls cannot all pass on the last of a budget; settled with the real usage
 */
public record Budget(Long tokensPerDay, Long tokensPerMonth, BigDecimal costPerDayUsd, BigDecimal costPerMonthUsd,
                     Integer reserveOutputTokens) {

    public static final int DEFAULT_RESERVE_OUTPUT_TOKENS = 4_096;

    public static final Budget NONE = new Budget(null, null, null, null, null);

    public Budget {
        reserveOutputTokens = reserveOutputTokens == null ? DEFAULT_RESERVE_OUTPUT_TOKENS : reserveOutputTokens;
    }

    /** Whether any limit is set. */
    public boolean limited() {
        return tokensPerDay != null || tokensPerMonth != null || costPerDayUsd != null || costPerMonthUsd != null;
    }
}
