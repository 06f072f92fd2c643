package dev.talon.platform.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Long-term memory of the tenant's workspace: {@code memory/MEMORY.md} and {@code memory/HISTORY.md}. */
@ActivityInterface
public interface MemoryActivities {

    /**
     * When the session's unconsolidated messages exceed the tenant's history window, asks the tenant's LLM to
     * call {@code save_memory{history_entry, memory_update}} about the older ones, appends the entry to
     * HISTORY.md, replaces MEMORY.md and moves the session's {@code last_consolidated}. Safe to run again: a
     * retry finishes what an earlier attempt started and never appends an entry twice.
     *
     * @return true when memory changed
     */
    @ActivityMethod(name = "ConsolidateMemory")
    boolean consolidate(ConsolidateMemoryInput input);
}
