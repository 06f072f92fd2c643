package dev.talon.platform.schedule;

import dev.talon.platform.tenant.Ids;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The rules every job meets, whichever route made it; what the LLM or a client sends is hostile input, so each
 * refusal says what to send instead.
 *
 * @param minEverySeconds the shortest interval: 10 s for the cron tool, 1 s for the REST API (the tenant's key)
 */
public record JobRules(long minEverySeconds) {

    /** The cron tool's rules. */
    public static final JobRules TOOL = new JobRules(10);
    /** The REST API's rules. */
    public static final JobRules API = new JobRules(1);

    public static final int MAX_MESSAGE_CHARS = 4_000;
    public static final long MAX_EVERY_SECONDS = Duration.ofDays(366).toSeconds();
    static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** Five fields of digits, names and * , / - ? (no seconds field, no @every or CRON_TZ: tz is its own argument). */
    private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*,/?-]{1,40}");

    /**
     * Checks a new job.
     *
     * @param madeId the id to use when the request names none
     * @throws JobRefusedException (INVALID) with what is wrong
     */
    public Job check(JobRequest request, String defaultSession, String madeId, Instant now) {
        String id = request.jobId() == null ? madeId : jobId(request.jobId());
        String session = request.session() == null ? defaultSession : request.session();
        if (!Ids.isValid(session)) {
            throw JobRefusedException.invalid("session must match " + Ids.PATTERN.pattern());
        }
        return new Job(id, session, message(request.message()), timing(request, now));
    }

    /** The job with what the request changes: its message, its timing, or both; the rest stays. */
    public Job change(Job job, JobRequest request, Instant now) {
        boolean newTiming = request.everySeconds() != null || request.cronExpr() != null || request.at() != null;
        if (!newTiming && request.message() == null) {
            throw JobRefusedException.invalid("update needs a new message, a new timing (every_seconds, cron_expr or "
                    + "at), or both");
        }
        if (request.tz() != null && !newTiming) {
            throw JobRefusedException.invalid("tz goes with cron_expr or at; send the timing again with it");
        }
        return new Job(job.id(), job.session(), request.message() == null ? job.message() : message(request.message()),
                newTiming ? timing(request, now) : job.timing());
    }

    /** A job id as sent, checked. */
    public static String jobId(String id) {
        if (id == null || !JOB_ID.matcher(id).matches()) {
            throw JobRefusedException.invalid("job_id must be 1-64 letters, digits, '-' or '_', starting with a "
                    + "letter or digit");
        }
        return id;
    }

    private static String message(String message) {
        if (message == null || message.isBlank()) {
            throw JobRefusedException.invalid("message is required: what the agent is told at each firing");
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            throw JobRefusedException.invalid("message is " + message.length() + " characters; at most "
                    + MAX_MESSAGE_CHARS);
        }
        if (message.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
            throw JobRefusedException.invalid("message may not hold control characters other than line breaks and tabs");
        }
        return message;
    }

    private JobTiming timing(JobRequest request, Instant now) {
        int given = (request.everySeconds() == null ? 0 : 1) + (request.cronExpr() == null ? 0 : 1)
                + (request.at() == null ? 0 : 1);
        if (given != 1) {
            throw JobRefusedException.invalid("give exactly one of every_seconds, cron_expr (with tz) or at");
        }
        if (request.everySeconds() != null) {
            if (request.tz() != null) {
                throw JobRefusedException.invalid("tz goes with cron_expr or at, not every_seconds");
            }
            long seconds = request.everySeconds();
            if (seconds < minEverySeconds || seconds > MAX_EVERY_SECONDS) {
                throw JobRefusedException.invalid("every_seconds must be between " + minEverySeconds + " and "
                        + MAX_EVERY_SECONDS + " (366 days)");
            }
            return new JobTiming.Every(seconds);
        }
        ZoneId zone = zone(request.tz());
        if (request.cronExpr() != null) {
            return new JobTiming.Cron(cron(request.cronExpr()), zone.getId());
        }
        return new JobTiming.At(at(request.at(), zone, now));
    }

    private static String cron(String expression) {
        String[] fields = expression.strip().split("\\s+");
        if (expression.length() > 200 || fields.length != 5) {
            throw JobRefusedException.invalid("cron_expr needs five fields: minute hour day-of-month month "
                    + "day-of-week, e.g. '0 9 * * 1-5' (9:00 on weekdays); put the time zone in tz");
        }
        for (String field : fields) {
            if (!CRON_FIELD.matcher(field).matches()) {
                throw JobRefusedException.invalid("cron_expr field '" + printable(field) + "' may only hold digits, "
                        + "names (MON, JAN), * , / - ?");
            }
        }
        return String.join(" ", fields);
    }

    private static ZoneId zone(String tz) {
        if (tz == null) {
            return ZoneId.of("UTC");
        }
        if (tz.length() > 64 || !(ZoneId.getAvailableZoneIds().contains(tz) || "UTC".equals(tz))) {
            throw JobRefusedException.invalid("tz '" + printable(tz) + "' is not an IANA time zone id (e.g. "
                    + "Europe/Berlin, America/New_York, UTC)");
        }
        return ZoneId.of(tz);
    }

    private static Instant at(String text, ZoneId zone, Instant now) {
        Instant at;
        try {
            at = text.length() > 64 ? null : parse(text, zone);
        } catch (DateTimeException e) {
            at = null;
        }
        if (at == null) {
            throw JobRefusedException.invalid("at must be an ISO-8601 time such as 2030-01-31T09:00:00Z, or "
                    + "2030-01-31T09:00:00 with tz");
        }
        at = at.truncatedTo(ChronoUnit.SECONDS);
        if (!at.isAfter(now) || at.isAfter(now.plus(Duration.ofDays(366)))) {
            throw JobRefusedException.invalid("at must be in the future and within 366 days (now: "
                    + now.truncatedTo(ChronoUnit.SECONDS) + ")");
        }
        return at;
    }

    private static Instant parse(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException withoutOffset) {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        }
    }

    /** Hostile text shown back: printable characters only, and not much of it. */
    static String printable(String text) {
        return printable(text, 40);
    }

    static String printable(String text, int max) {
        String shown = text.codePoints().filter(c -> c >= 0x20 && c != 0x7f).limit(max)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return text.codePointCount(0, text.length()) > max ? shown + "..." : shown;
    }
}
