package dev.talon.platform.workflow;

/** A user message to a session workflow; the turn id names the turn that answers it (and deduplicates it). */
public record SessionMessage(String turnId, String text) {
}
