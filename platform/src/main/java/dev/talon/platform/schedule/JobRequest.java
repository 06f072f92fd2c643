package dev.talon.platform.schedule;

/**
 * A job as asked for, unchecked: the cron tool's arguments or a REST body. {@link JobRules} checks it.
 *
 * @param jobId        optional on creation (one is made); letters, digits, dash, underscore, at most 64
 * @param everySeconds one of everySeconds, cronExpr (with tz) and at
 * @param tz           the cron expression's time zone (IANA id, default UTC); with at, the zone of a local time
 * @param at           an ISO-8601 time, with an offset or in tz: fires once
 */
public record JobRequest(String jobId, String session, String message, Long everySeconds, String cronExpr, String tz,
                         String at) {
}
