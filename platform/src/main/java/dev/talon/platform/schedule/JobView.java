package dev.talon.platform.schedule;

import java.util.List;

/**
 * A job as the tool and the REST API show it.
 *
 * @param timing     {@code every_seconds=N}, {@code cron_expr=E tz=Z} or {@code at=T}
 * @param nextRuns   the next firing times (ISO-8601), none when paused or spent
 * @param firings    how many turns it started so far
 * @param recentTurns the turn ids of its latest firings, newest last
 */
public record JobView(String jobId, String session, String message, String timing, boolean paused,
                      List<String> nextRuns, long firings, List<String> recentTurns) {
}
