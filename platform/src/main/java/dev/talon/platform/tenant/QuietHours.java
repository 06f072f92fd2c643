package dev.talon.platform.tenant;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A daily window in which the heartbeat stays quiet, e.g. 22:00 to 07:00 in Europe/Berlin (a window may cross
 * midnight; start equal to end is never quiet).
 *
 * @param start    {@code HH:mm}, the first quiet minute
 * @param end      {@code HH:mm}, the first minute that is not quiet any more
 * @param timezone an IANA zone id (default UTC)
 */
public record QuietHours(String start, String end, String timezone) {

    public QuietHours {
        timezone = timezone == null ? "UTC" : timezone;
    }

    /** What is wrong with the window, in words an admin can act on. */
    public List<String> problems(String prefix) {
        List<String> problems = new ArrayList<>();
        if (time(start) == null || time(end) == null) {
            problems.add(prefix + ".start and .end must be times HH:mm (e.g. 22:00 and 07:00)");
        }
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            problems.add(prefix + ".timezone '" + timezone + "' is not a time zone id (e.g. Europe/Berlin, UTC)");
        }
        return problems;
    }

    /** Whether the instant falls in the window, in the window's zone. */
    public boolean contains(Instant instant) {
        LocalTime from = time(start);
        LocalTime to = time(end);
        if (from == null || to == null || from.equals(to)) {
            return false;
        }
        LocalTime now = instant.atZone(ZoneId.of(timezone)).toLocalTime();
        return from.isBefore(to)
                ? !now.isBefore(from) && now.isBefore(to)
                : !now.isBefore(from) || now.isBefore(to);
    }

    private static LocalTime time(String text) {
        if (text == null || !text.matches("\\d{2}:\\d{2}")) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
