package dev.talon.platform.budget;

import dev.talon.api.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of one tenant's ledger file: usage per day and per month by model, the open reservations and the
 * calls already settled, both by call key ({@code {workflowId}#{step}}), so a retried call is counted once.
 * Mutable, and only changed under the ledger's lock.
 */
record LedgerState(TreeMap<String, TreeMap<String, ModelUsage>> days,
                   TreeMap<String, TreeMap<String, ModelUsage>> months,
                   TreeMap<String, Reservation> reservations,
                   TreeMap<String, String> settled) {

    /**
     * Long enough for any retry of a settled call to come back to it: LlmChat's attempts are bounded (6, each at
     * most 5 minutes plus a retry delay of at most 5), so all of them fall within about an hour. Short, because
     * the whole file is rewritten on every call.
     */
    static final Duration KEEP_SETTLED = Duration.ofDays(2);

    LedgerState {
        days = days == null ? new TreeMap<>() : days;
        months = months == null ? new TreeMap<>() : months;
        reservations = reservations == null ? new TreeMap<>() : reservations;
        settled = settled == null ? new TreeMap<>() : settled;
    }

    static LedgerState empty() {
        return new LedgerState(null, null, null, null);
    }

    Map<String, ModelUsage> usage(Period period, String key) {
        return (period == Period.DAY ? days : months).getOrDefault(key, new TreeMap<>());
    }

    ModelUsage total(Period period, String key) {
        return usage(period, key).values().stream().reduce(ModelUsage.NONE, ModelUsage::plus);
    }

    /** The tokens and cost the live reservations of that period hold, as a usage with no calls. */
    ModelUsage reserved(Period period, String key) {
        long tokens = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (Reservation reservation : reservations.values()) {
            if (period.keyOfDay(reservation.day()).equals(key)) {
                tokens += reservation.tokens();
                cost = cost.add(reservation.costUsd());
            }
        }
        return new ModelUsage(0, tokens, 0, 0, 0, cost);
    }

    /** Books a settled call in the day and month of {@code now}. */
    void book(Instant now, String model, Usage usage, BigDecimal cost) {
        days.computeIfAbsent(Period.DAY.key(now), k -> new TreeMap<>()).merge(model, ModelUsage.NONE.plus(usage, cost),
                ModelUsage::plus);
        months.computeIfAbsent(Period.MONTH.key(now), k -> new TreeMap<>())
                .merge(model, ModelUsage.NONE.plus(usage, cost), ModelUsage::plus);
    }

    /**
     * Forgets what no budget or report needs any more: days before last month, months older than a year, settled
     * keys older than {@link #KEEP_SETTLED}, and reservations older than {@code reservationLifetime} (their call
     * died with its worker; a retry reserves again).
     */
    void prune(Instant now, Duration reservationLifetime) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String firstDayKept = today.withDayOfMonth(1).minusMonths(1).toString();
        days.headMap(firstDayKept).clear();
        months.headMap(today.withDayOfMonth(1).minusMonths(12).toString().substring(0, 7)).clear();
        String oldestSettled = today.minusDays(KEEP_SETTLED.toDays()).toString();
        settled.values().removeIf(day -> day.compareTo(oldestSettled) < 0);
        reservations.values().removeIf(r -> Instant.parse(r.at()).plus(reservationLifetime).isBefore(now));
    }
}
