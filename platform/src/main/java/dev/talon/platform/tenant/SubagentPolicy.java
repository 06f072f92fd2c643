package dev.talon.platform.tenant;

/**
 * Whether a tenant's agents may start subagents (the platform's {@code spawn} tool), and how many.
 * Off by default: every subagent is a turn of its own with its own LLM calls, so a tenant opts in.
 *
 * @param enabled        offer {@code spawn} to the tenant's LLM; default false
 * @param maxDepth       how deep subagents may nest: 1 (the default) lets a turn spawn, but not its subagents
 * @param maxConcurrent  subagents one turn may have running at once (default 3); further spawns get a tool error
 * @param maxIterations  LLM calls per subagent turn (default 15), in place of {@code limits.maxIterations}
 */
public record SubagentPolicy(Boolean enabled, Integer maxDepth, Integer maxConcurrent, Integer maxIterations) {

    public static final int MAX_DEPTH = 5;
    public static final int MAX_CONCURRENT = 20;

    public static final SubagentPolicy DISABLED = new SubagentPolicy(false, null, null, null);

    public SubagentPolicy {
        enabled = enabled != null && enabled;
        maxDepth = maxDepth == null ? 1 : maxDepth;
        maxConcurrent = maxConcurrent == null ? 3 : maxConcurrent;
        maxIterations = maxIterations == null ? 15 : maxIterations;
    }
}
