package dev.talon.platform.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The two budget periods, in UTC: a day and a calendar month. */
public enum Period {
    DAY("daily"),
    MONTH("monthly");

    private final String adjective;

    Period(String adjective) {
        this.adjective = adjective;
    }

    public String adjective() {
        return adjective;
    }

    /** The period's key at that instant: {@code 2026-12-02} or {@code 2026-12}. */
    public String key(Instant now) {
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        return this == DAY ? day : day.substring(0, 7);
    }

    /** The key of the period a day (a {@code 2026-12-02} key) falls in. */
    String keyOfDay(String day) {
        return this == DAY ? day : day.substring(0, 7);
    }

    /** When the period that holds {@code now} ends and its budget starts again. */
    public Instant resetsAt(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate next = this == DAY ? today.plusDays(1) : today.withDayOfMonth(1).plusMonths(1);
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
