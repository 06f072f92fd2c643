package dev.talon.platform.tenant;

import java.util.ArrayList;
import java.util.List;

/**
 * The tenant's heartbeat: every {@code everyMinutes} a turn reads {@code HEARTBEAT.md} from the workspace and acts
 * on it; a reply of {@code HEARTBEAT_OK} means nothing to do and is not stored. Runs as a Temporal Schedule.
 *
 * @param enabled      off by default
 * @param everyMinutes how often (default 30, 1..1440)
 * @param session      the session its turns are stored in (default {@code heartbeat})
 * @param quietHours   a daily window without beats; none by default
 */
public record Heartbeat(Boolean enabled, Integer everyMinutes, String session, QuietHours quietHours) {

    public static final Heartbeat OFF = new Heartbeat(false, null, null, null);

    public Heartbeat {
        enabled = enabled != null && enabled;
        everyMinutes = everyMinutes == null ? 30 : everyMinutes;
        session = session == null ? "heartbeat" : session;
    }

    List<String> problems(String id) {
        List<String> problems = new ArrayList<>();
        if (everyMinutes < 1 || everyMinutes > 1440) {
            problems.add(id + ": heartbeat.everyMinutes must be between 1 and 1440");
        }
        if (!Ids.isValid(session)) {
            problems.add(id + ": heartbeat.session '" + session + "' must match " + Ids.PATTERN.pattern());
        }
        if (quietHours != null) {
            problems.addAll(quietHours.problems(id + ": heartbeat.quietHours"));
        }
        return problems;
    }
}
