package dev.talon.platform.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/** Reads a turn's log from the start, or from after a client's Last-Event-ID. */
final class TurnCursor implements ProgressCursor {

    private final Subscription subscription;
    private final long resumeAfter;
    private final Deque<ProgressEvent> ready = new ArrayDeque<>();
    private int index;

    TurnCursor(Subscription subscription, long resumeAfter) {
        this.subscription = subscription;
        this.resumeAfter = resumeAfter;
    }

    @Override
    public CursorStep next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ready.isEmpty()) {
            EventLog.Slice slice = subscription.log().read(index, deadline - System.nanoTime());
            index += slice.entries().size();
            for (LogEntry entry : slice.entries()) {
                if (entry instanceof LogEntry.Progress progress && unseen(progress)) {
                    ready.add(progress.event());
                }
            }
            if (ready.isEmpty() && slice.finished()) {
                return CursorStep.END;
            }
            if (ready.isEmpty() && deadline - System.nanoTime() <= 0) {
                return CursorStep.QUIET;
            }
        }
        return new CursorStep.Event(ready.poll());
    }

    // An event without id (retry, approval) made right after the client's last event may have reached it or
    // not: it is sent again, as the state it reports may still hold.
    private boolean unseen(LogEntry.Progress entry) {
        return entry.position() > resumeAfter || (entry.event().id() == null && entry.position() == resumeAfter);
    }

    @Override
    public void close() {
        subscription.close();
    }
}
