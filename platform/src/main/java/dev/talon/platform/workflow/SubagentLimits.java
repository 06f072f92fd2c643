package dev.talon.platform.workflow;

/**
 * The tenant's subagent limits as BuildPrompt read them for the workflow (which reads no config). A prompt without
 * them (null, and every prompt recorded before subagents existed) means the tenant offers no {@code spawn}.
 *
 * @param maxDepth      a turn at this depth (0 for a user's turn) may spawn only while its depth is below it
 * @param maxConcurrent subagents one turn may have running at once
 * @param maxIterations LLM calls per subagent turn
 */
public record SubagentLimits(int maxDepth, int maxConcurrent, int maxIterations) {
}
