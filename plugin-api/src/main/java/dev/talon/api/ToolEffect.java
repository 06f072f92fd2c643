package dev.talon.api;

/**
 * What running a tool does to the world, which decides how the platform treats its calls: a tenant can make every
 * {@link #SIDE_EFFECTS} tool wait for a human's approval, and a retried side-effecting call carries the same
 * {@link ToolContext#idempotencyKey()} as its first attempt.
 */
public enum ToolEffect {
    /** Only reads: running it again, or not at all, changes nothing (read a file, fetch a page). */
    READ_ONLY,
    /** Changes something, but running it twice with the same arguments leaves the same state (write a whole file). */
    IDEMPOTENT,
    /** Changes something in a way a second run repeats or compounds (run a command, append, send). The default. */
    SIDE_EFFECTS
}
