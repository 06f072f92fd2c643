package dev.talon.platform.workflow;

/**
 * A message waiting its turn in a session workflow.
 *
 * @param awaited true when a client waits for its reply (it came as an update), false for a signal
 */
record QueuedMessage(SessionMessage message, boolean awaited) {
}
