package dev.talon.testkit;

/** What a process of a {@link LocalCluster} is. */
public enum ProcessRole {
    /** the Temporal dev server */
    TEMPORAL,
    /** {@code talon worker}: workers only, no REST */
    WORKER,
    /** {@code talon serve} with workers disabled: REST only */
    SERVER
}
