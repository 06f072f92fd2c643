package dev.talon.platform.workflow;

/** Which session's older messages to fold into memory; {@code turnId} names the turn that asked, for logs. */
public record ConsolidateMemoryInput(String tenant, String session, String turnId) {
}
