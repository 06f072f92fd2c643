package dev.talon.platform.workflow;

/** A session workflow ended: release what the tenant's exec backend keeps for it. */
public record EndSessionInput(String tenant, String session) {
}
