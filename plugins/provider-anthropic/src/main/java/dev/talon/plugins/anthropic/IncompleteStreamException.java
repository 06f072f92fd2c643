package dev.talon.plugins.anthropic;

/** A streamed answer that ended before its {@code message_stop}. */
final class IncompleteStreamException extends RuntimeException {
    IncompleteStreamException() {
        super("the stream ended before message_stop", null, false, false);
    }
}
