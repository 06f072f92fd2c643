package dev.talon.platform.tenant;

/**
 * What the tenant may schedule (Temporal Schedules in its namespace).
 *
 * @param tool    whether its LLM is offered the {@code cron} tool (default false: a schedule spends the tenant's model
 *                budget on its own, so an admin opts in); the REST routes serve the tenant's key either way
 * @param maxJobs how many schedules the tenant may have at once, by either route (default 20, 0..1000; 0: none)
 */
public record ScheduleSettings(Boolean tool, Integer maxJobs) {

    public static final ScheduleSettings DEFAULT = new ScheduleSettings(null, null);
    public static final int MAX_JOBS_LIMIT = 1_000;

    public ScheduleSettings {
        tool = tool != null && tool;
        maxJobs = maxJobs == null ? 20 : maxJobs;
    }
}
