package dev.talon.platform.schedule;

import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleRange;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/** When a job fires: every N seconds, on a cron expression in a time zone, or once at an instant. */
public sealed interface JobTiming {

    /** The timing a schedule's note says ({@link #text()}); null when the note is not one of ours. */
    static JobTiming fromText(String text) {
        if (text == null) {
            return null;
        }
        try {
            if (text.startsWith("every_seconds=")) {
                return new Every(Long.parseLong(text.substring("every_seconds=".length())));
            }
            if (text.startsWith("at=")) {
                return new At(Instant.parse(text.substring("at=".length())));
            }
            int tz = text.lastIndexOf(" tz=");
            if (text.startsWith("cron_expr=") && tz > 0) {
                return new Cron(text.substring("cron_expr=".length(), tz), text.substring(tz + " tz=".length()));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    /** The Temporal schedule spec. */
    ScheduleSpec spec();

    /** Whether the schedule runs out after one firing. */
    default boolean once() {
        return false;
    }

    /** Said the way the tool's arguments say it; kept as the schedule's note, shown by list. */
    String text();

    record Every(long seconds) implements JobTiming {
        @Override
        public ScheduleSpec spec() {
            return ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofSeconds(seconds))))
                    .build();
        }

        @Override
        public String text() {
            return "every_seconds=" + seconds;
        }
    }

    record Cron(String expression, String zone) implements JobTiming {
        @Override
        public ScheduleSpec spec() {
            return ScheduleSpec.newBuilder().setCronExpressions(List.of(expression)).setTimeZoneName(zone).build();
        }

        @Override
        public String text() {
            return "cron_expr=" + expression + " tz=" + zone;
        }
    }

    record At(Instant at) implements JobTiming {
        @Override
        public ScheduleSpec spec() {
            ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
            return ScheduleSpec.newBuilder().setCalendars(List.of(ScheduleCalendarSpec.newBuilder()
                    .setSeconds(List.of(new ScheduleRange(utc.getSecond())))
                    .setMinutes(List.of(new ScheduleRange(utc.getMinute())))
                    .setHour(List.of(new ScheduleRange(utc.getHour())))
                    .setDayOfMonth(List.of(new ScheduleRange(utc.getDayOfMonth())))
                    .setMonth(List.of(new ScheduleRange(utc.getMonthValue())))
                    .setYear(List.of(new ScheduleRange(utc.getYear())))
                    .build())).setTimeZoneName("UTC").build();
        }

        @Override
        public boolean once() {
            return true;
        }

        @Override
        public String text() {
            return "at=" + at;
        }
    }
}
