package dev.talon.platform.client;

/** The tenant already runs as many turns as its limits allow: the new one is refused (HTTP 429), not queued. */
public final class TurnLimitException extends RuntimeException {

    public TurnLimitException(String tenantId, int limit) {
        super("tenant '" + tenantId + "' already runs " + limit + " turns (limits.maxConcurrentTurns); "
                + "try again shortly", null, false, false);
    }
}
