package dev.talon.platform.events;

/**
 * One entry of a followed workflow's {@link EventLog}. {@code position} is the id of the last history event
 * read when the entry was made: it orders entries against a client's Last-Event-ID, also those without an id.
 */
sealed interface LogEntry {

    long position();

    /** An event to send as it is. */
    record Progress(ProgressEvent event, long position) implements LogEntry {
    }

    /** A session started a turn: send {@code started}, then follow the turn's own log until it ends. */
    record Turn(String turnId, String workflowId, ProgressEvent started, long position) implements LogEntry {
    }
}
