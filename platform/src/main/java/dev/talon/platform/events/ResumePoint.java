package dev.talon.platform.events;

import dev.talon.platform.tenant.Ids;

/**
 * Where a reconnecting client left off, from its {@code Last-Event-ID}: after history event {@code eventId}
 * (of turn {@code turnId} in a session stream). {@link #START} when it sent none.
 */
public record ResumePoint(String turnId, long eventId) {

    public static final ResumePoint START = new ResumePoint(null, 0);
    private static final int MAX_DIGITS = 18;

    /** A turn stream's Last-Event-ID: a history event id. */
    public static ResumePoint ofTurn(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return START;
        }
        return new ResumePoint(null, eventId(lastEventId.strip()));
    }

    /** A session stream's Last-Event-ID: {@code <turnId>} or {@code <turnId>:<eventId>}. */
    public static ResumePoint ofSession(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return START;
        }
        String value = lastEventId.strip();
        int colon = value.indexOf(':');
        String turnId = colon < 0 ? value : value.substring(0, colon);
        if (!Ids.isValid(turnId)) {
            throw new IllegalArgumentException("Last-Event-ID must be an id this stream sent: <turnId> or <turnId>:<number>");
        }
        return new ResumePoint(turnId, colon < 0 ? 0 : eventId(value.substring(colon + 1)));
    }

    private static long eventId(String digits) {
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("Last-Event-ID must be an id this stream sent (a number of at most "
                    + MAX_DIGITS + " digits)");
        }
        return Long.parseLong(digits);
    }
}
