package dev.talon.platform.schedule;

import java.util.List;

/**
 * A job as the tool and the REST API show it.
 *
 * @param timing      {@code every_seconds=N}, {@code cron_expr=E tz=Z} or {@code at=T}
 * @param nextRuns    the next firing times (ISO-8601), none when paused or spent
 * @param firings     how many turns it started so far
 * @param recentRuns  its latest firings, newest last
 */
public record JobView(String jobId, String session, String message, String timing, boolean paused,
                      List<String> nextRuns, long firings, List<Run> recentRuns) {

    /**
     * One firing: the turn it started (its id in the session) and that turn's workflow id (the firing time in it).
     */
    public record Run(String turnId, String workflowId, String scheduledAt) {
    }
}
