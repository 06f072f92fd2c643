package dev.talon.platform.events;

/** What {@link ProgressCursor#next} found: an event, nothing within the wait, or the end of the stream. */
public sealed interface CursorStep {

    CursorStep QUIET = new Quiet();
    CursorStep END = new End();

    record Event(ProgressEvent event) implements CursorStep {
    }

    record Quiet() implements CursorStep {
    }

    record End() implements CursorStep {
    }
}
