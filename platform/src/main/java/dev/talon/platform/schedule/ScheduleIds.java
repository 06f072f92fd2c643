package dev.talon.platform.schedule;

import dev.talon.platform.client.TurnIds;

/**
 * Schedule ids and the workflow ids their firings start, all with the tenant in them: tenants may share a
 * namespace, and a tenant only ever sees schedules under its own prefix.
 *
 * <pre>
 * talon/{tenant}/schedule/{job}     a job (cron tool, REST)   its turns: talon/{tenant}/turn/schedule-{job}-{time}
 * talon/{tenant}/heartbeat          the heartbeat             its turns: talon/{tenant}/turn/heartbeat-{time}
 * </pre>
 * Temporal appends {@code -{time}} to a firing's workflow id, so each firing is one workflow, started once.
 */
public final class ScheduleIds {

    static final String JOB_TURN = "schedule-";
    static final String HEARTBEAT_TURN = "heartbeat";

    private ScheduleIds() {
    }

    public static String jobPrefix(String tenant) {
        return "talon/" + tenant + "/schedule/";
    }

    public static String job(String tenant, String jobId) {
        return jobPrefix(tenant) + jobId;
    }

    public static String heartbeat(String tenant) {
        return "talon/" + tenant + "/heartbeat";
    }

    static String jobTurns(String tenant, String jobId) {
        return TurnIds.turnPrefix(tenant) + JOB_TURN + jobId;
    }

    static String heartbeatTurns(String tenant) {
        return TurnIds.turnPrefix(tenant) + HEARTBEAT_TURN;
    }

    /**
     * Whether a turn id is a scheduled turn's. Such a turn may not make schedules. (A client may name its own turn
     * like this too; it only denies itself the cron tool.)
     */
    public static boolean scheduledTurn(String turnId) {
        return turnId != null && (turnId.startsWith(JOB_TURN) || turnId.startsWith(HEARTBEAT_TURN + "-"));
    }
}
