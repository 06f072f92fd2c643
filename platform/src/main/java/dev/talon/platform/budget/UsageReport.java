package dev.talon.platform.budget;

/** What a tenant's LLM calls used today and this month (UTC), by model, beside its budgets. */
public record UsageReport(String tenant, PeriodUsage day, PeriodUsage month) {
}
