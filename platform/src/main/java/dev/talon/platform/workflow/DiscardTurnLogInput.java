package dev.talon.platform.workflow;

/** Which turn log to remove after a failed turn. */
public record DiscardTurnLogInput(String tenant, String turnId) {
}
