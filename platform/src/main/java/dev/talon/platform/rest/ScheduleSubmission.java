package dev.talon.platform.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /v1/tenants/{tenant}/schedules. */
@Schema(description = "A job: at each firing, message becomes a turn in session. Give exactly one of everySeconds, "
        + "cronExpr (with tz) or at")
record ScheduleSubmission(
        @Schema(description = "1-64 letters, digits, '-' or '_'; made when omitted") String jobId,
        @Schema(description = "the session its turns go to (default 'scheduled')") String session,
        @Schema(required = true, description = "what the agent is told at each firing (at most 4000 characters)")
        String message,
        @Schema(description = "fire every N seconds (1 to 366 days)") Long everySeconds,
        @Schema(description = "five cron fields: minute hour day-of-month month day-of-week") String cronExpr,
        @Schema(description = "IANA time zone of cronExpr or of a local at (default UTC)") String tz,
        @Schema(description = "ISO-8601 time to fire once, e.g. 2030-01-31T09:00:00Z") String at) {
}
