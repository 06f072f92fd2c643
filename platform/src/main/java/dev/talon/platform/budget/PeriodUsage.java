package dev.talon.platform.budget;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A tenant's usage in the current day or month, for the usage routes and metrics.
 *
 * @param period          {@code 2026-12-02} or {@code 2026-12}
 * @param resetsAt        when the period's budget starts again (ISO-8601 instant)
 * @param models          usage by model
 * @param total           all models together
 * @param reservedTokens  held for calls running now
 * @param tokenLimit      the tenant's token budget for the period; null for none
 * @param costLimitUsd    the tenant's cost budget for the period; null for none
 */
public record PeriodUsage(String period, String resetsAt, Map<String, ModelUsage> models, ModelUsage total,
                          long reservedTokens, Long tokenLimit, BigDecimal costLimitUsd) {
}
