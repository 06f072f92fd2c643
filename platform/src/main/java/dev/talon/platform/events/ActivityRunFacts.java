package dev.talon.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.TextCut;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * What history tells about how an activity ran, added to its {@code *_finished} event for the console: the worker
 * that ran the attempt that completed, which attempt it was, and the time from scheduling to completion (retries
 * and queueing included).
 *
 * @param worker     the worker identity Temporal recorded (pid@host), or null
 * @param attempt    1 for the first attempt, 0 when history does not say
 * @param durationMs milliseconds from scheduled to completed, -1 when unknown
 */
record ActivityRunFacts(String worker, int attempt, long durationMs) {

    /** What a finished event carries of a long text (a tool result, a reply); the turn's messages have it whole. */
    static final int MAX_TEXT_CHARS = 20_000;

    static ActivityRunFacts of(HistoryEvent scheduled, HistoryEvent started, HistoryEvent completed) {
        String worker = completed.getActivityTaskCompletedEventAttributes().getIdentity();
        int attempt = started == null ? 0 : started.getActivityTaskStartedEventAttributes().getAttempt();
        long duration = scheduled == null || !scheduled.hasEventTime() || !completed.hasEventTime() ? -1
                : Duration.between(instant(scheduled), instant(completed)).toMillis();
        return new ActivityRunFacts(worker.isEmpty() && started != null
                ? started.getActivityTaskStartedEventAttributes().getIdentity() : worker, attempt, duration);
    }

    void putInto(ObjectNode data) {
        if (worker != null && !worker.isEmpty()) {
            data.put("worker", worker);
        }
        if (attempt > 0) {
            data.put("attempt", attempt);
        }
        if (durationMs >= 0) {
            data.put("durationMs", durationMs);
        }
    }

    /** The text under {@code field}, cut at {@link #MAX_TEXT_CHARS}, with {@code <field>Truncated} when it was. */
    static void putText(ObjectNode data, String field, JsonNode text) {
        if (!text.isTextual()) {
            return;
        }
        String whole = text.asText();
        String shown = TextCut.head(whole, MAX_TEXT_CHARS);
        data.put(field, shown);
        if (shown.length() < whole.length()) {
            data.put(field + "Truncated", true);
        }
    }

    private static Instant instant(HistoryEvent event) {
        return Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos());
    }
}
