package dev.talon.platform.budget;

import java.time.Instant;

/**
 * A tenant has used up one of its budgets: a new turn is refused (HTTP 429 with Retry-After), a running turn
 * stops with stop reason {@code budget_exhausted}. The message is the one place the refusal is spelled.
 */
public final class BudgetExhaustedException extends RuntimeException {

    private final Instant resetsAt;

    BudgetExhaustedException(String tenantId, String budget, Instant resetsAt) {
        super("tenant '" + tenantId + "' has used its " + budget + "; it resets at " + resetsAt, null, false, false);
        this.resetsAt = resetsAt;
    }

    /** When the budget that ran out starts again (the latest reset, when several ran out). */
    public Instant resetsAt() {
        return resetsAt;
    }
}
