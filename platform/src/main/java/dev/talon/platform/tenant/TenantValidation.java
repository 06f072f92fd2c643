package dev.talon.platform.tenant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks a tenant config for what would break at run time, with messages that say what to fix. */
final class TenantValidation {

    private static final Pattern KEY_HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern TEMPORAL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    /** Why exec backend {@code local} needs trust: the admin API and the loaders say the same. */
    public static final String LOCAL_NEEDS_TRUST = "exec backend 'local' runs commands as the platform's user with"
            + " its environment and files; mark the tenant trusted (exec: {backend: local, trusted: true}) only if"
            + " you trust its model and users, otherwise use bubblewrap";

    private TenantValidation() {
    }

    /** What is wrong with the tenant, in words an admin can act on; empty when nothing is. */
    public static List<String> problems(TenantConfig tenant) {
        List<String> problems = new ArrayList<>();
        String id = tenant.id();
        if (!Ids.isValid(id)) {
            problems.add("tenant id '" + id + "' must match " + Ids.PATTERN.pattern());
        }
        for (String key : tenant.apiKeys()) {
            if (!KEY_HASH.matcher(key).matches()) {
                problems.add(id + ": apiKeys must be 'sha256:<64 hex digits>' hashes, never plaintext keys "
                        + "(make one with: bin/talon hash-key <key>)");
            }
        }
        if (!TEMPORAL_NAME.matcher(tenant.namespace()).matches()) {
            problems.add(id + ": namespace '" + tenant.namespace() + "' is not a valid Temporal namespace name");
        }
        if (tenant.taskQueue() == null || !TEMPORAL_NAME.matcher(tenant.taskQueue()).matches()) {
            problems.add(id + ": taskQueue '" + tenant.taskQueue() + "' is not a valid task queue name");
        }
        if (tenant.provider() == null || tenant.provider().plugin() == null) {
            problems.add(id + ": provider.plugin is required (e.g. provider-scripted)");
        } else if (!tenant.plugins().contains(tenant.provider().plugin())) {
            problems.add(id + ": provider plugin '" + tenant.provider().plugin() + "' must be listed in plugins");
        }
        Limits limits = tenant.limits();
        if (limits.maxIterations() < 1 || limits.maxIterations() > 1000) {
            problems.add(id + ": limits.maxIterations must be between 1 and 1000");
        }
        if (limits.execTimeoutSeconds() < 1 || limits.execTimeoutSeconds() > 86_400) {
            problems.add(id + ": limits.execTimeoutSeconds must be between 1 and 86400");
        }
        if (limits.historyWindow() < 0 || limits.historyWindow() > 10_000) {
            problems.add(id + ": limits.historyWindow must be between 0 and 10000");
        }
        if (limits.sessionIdleSeconds() < 1 || limits.turnsPerSessionRun() < 1) {
            problems.add(id + ": limits.sessionIdleSeconds and limits.turnsPerSessionRun must be at least 1");
        }
        if (limits.maxConcurrentTurns() < 1 || limits.maxConcurrentTurns() > 100_000) {
            problems.add(id + ": limits.maxConcurrentTurns must be between 1 and 100000");
        }
        if (limits.toolOutputChars() < Limits.MIN_TOOL_OUTPUT_CHARS
                || limits.toolOutputChars() > Limits.MAX_TOOL_OUTPUT_CHARS) {
            problems.add(id + ": limits.toolOutputChars must be between " + Limits.MIN_TOOL_OUTPUT_CHARS + " and "
                    + Limits.MAX_TOOL_OUTPUT_CHARS);
        }
        if (tenant.approval().timeoutSeconds() < 1) {
            problems.add(id + ": approval.timeoutSeconds must be at least 1");
        }
        problems.addAll(budgetProblems(id, tenant.budget()));
        problems.addAll(subagentProblems(id, tenant.subagents()));
        if (tenant.schedules().maxJobs() < 0 || tenant.schedules().maxJobs() > ScheduleSettings.MAX_JOBS_LIMIT) {
            problems.add(id + ": schedules.maxJobs must be between 0 and " + ScheduleSettings.MAX_JOBS_LIMIT);
        }
        problems.addAll(tenant.heartbeat().problems(id));
        if (tenant.exec().untrustedLocal()) {
            problems.add(id + ": " + LOCAL_NEEDS_TRUST);
        }
        tenant.toolSettings().forEach((plugin, settings) -> {
            if (!tenant.plugins().contains(plugin)) {
                problems.add(id + ": toolSettings for plugin '" + plugin + "', which is not listed in plugins");
            }
            if (settings == null || !settings.isObject()) {
                problems.add(id + ": toolSettings." + plugin + " must be an object");
            }
        });
        return problems;
    }

    private static List<String> subagentProblems(String id, SubagentPolicy subagents) {
        List<String> problems = new ArrayList<>();
        if (subagents.maxDepth() < 1 || subagents.maxDepth() > SubagentPolicy.MAX_DEPTH) {
            problems.add(id + ": subagents.maxDepth must be between 1 and " + SubagentPolicy.MAX_DEPTH);
        }
        if (subagents.maxConcurrent() < 1 || subagents.maxConcurrent() > SubagentPolicy.MAX_CONCURRENT) {
            problems.add(id + ": subagents.maxConcurrent must be between 1 and " + SubagentPolicy.MAX_CONCURRENT);
        }
        if (subagents.maxIterations() < 1 || subagents.maxIterations() > 1000) {
            problems.add(id + ": subagents.maxIterations must be between 1 and 1000");
        }
        return problems;
    }

    private static List<String> budgetProblems(String id, Budget budget) {
        List<String> problems = new ArrayList<>();
        if ((budget.tokensPerDay() != null && budget.tokensPerDay() < 0)
                || (budget.tokensPerMonth() != null && budget.tokensPerMonth() < 0)) {
            problems.add(id + ": budget.tokensPerDay and budget.tokensPerMonth cannot be negative");
        }
        if ((budget.costPerDayUsd() != null && budget.costPerDayUsd().signum() < 0)
                || (budget.costPerMonthUsd() != null && budget.costPerMonthUsd().signum() < 0)) {
            problems.add(id + ": budget.costPerDayUsd and budget.costPerMonthUsd cannot be negative");
        }
        if (budget.reserveOutputTokens() < 0 || budget.reserveOutputTokens() > 10_000_000) {
            problems.add(id + ": budget.reserveOutputTokens must be between 0 and 10000000");
        }
        return problems;
    }

    /**
     * The other tenants that poll the same Temporal task queue as this one (same namespace and task queue): each
     * one's worker would take the other's tasks, with its workspace and keys.
     */
    public static List<String> sharedQueues(TenantConfig tenant, Collection<TenantConfig> others) {
        return others.stream()
                .filter(other -> !Objects.equals(other.id(), tenant.id()))
                .filter(other -> Objects.equals(other.namespace(), tenant.namespace())
                        && Objects.equals(other.taskQueue(), tenant.taskQueue()))
                .map(other -> "tenant '" + tenant.id() + "' would share namespace '" + tenant.namespace()
                        + "' and taskQueue '" + tenant.taskQueue() + "' with tenant '" + other.id()
                        + "': their workers would take each other's tasks; give each tenant a taskQueue of its own")
                .toList();
    }

    /** Every pair of these tenants that shares a namespace and task queue, named once. */
    public static List<String> sharedQueues(Collection<TenantConfig> tenants) {
        List<String> problems = new ArrayList<>();
        List<TenantConfig> earlier = new ArrayList<>();
        for (TenantConfig tenant : tenants) {
            problems.addAll(sharedQueues(tenant, earlier));
            earlier.add(tenant);
        }
        return problems;
    }
}
