package dev.talon.platform.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * Reads a session's log: each turn it starts is followed through that turn's own (shared) log until it
 * ends, then the session goes on. A resume skips to the client's turn and goes on inside it; when that turn
 * is not in the session's current run, the run is sent from its start.
 */
final class SessionCursor implements ProgressCursor {

    private final Subscription session;
    private final Function<String, Subscription> turns;
    private final Deque<ProgressEvent> ready = new ArrayDeque<>();
    private int index;
    private String resumeTurnId;
    private final long resumeEventId;
    private TurnCursor turn;
    private String turnId;

    SessionCursor(Subscription session, Function<String, Subscription> turns, ResumePoint resume) {
        this.session = session;
        this.turns = turns;
        this.resumeTurnId = resume.turnId();
        this.resumeEventId = resume.eventId();
    }

    @Override
    public CursorStep next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!ready.isEmpty()) {
                return new CursorStep.Event(ready.poll());
            }
            if (turn != null) {
                CursorStep step = turn.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                switch (step) {
                    case CursorStep.Event event -> {
                        ProgressEvent inner = event.event();
                        return new CursorStep.Event(inner.id() == null ? inner : inner.withId(turnId + ":" + inner.id()));
                    }
                    case CursorStep.Quiet quiet -> {
                        return quiet;
                    }
                    case CursorStep.End end -> {
                        turn.close();
                        turn = null;
                        continue;
                    }
                }
            }
            EventLog.Slice slice = session.log().read(index, deadline - System.nanoTime());
            boolean readAll = take(slice);
            if (resumeTurnId != null && readAll && slice.caughtUp()) {
                resumeTurnId = null; // not in this run: it ended before, so all of this run is new to the client
                index = 0;
                continue;
            }
            if (ready.isEmpty() && turn == null) {
                if (readAll && slice.finished()) {
                    return CursorStep.END;
                }
                if (deadline - System.nanoTime() <= 0) {
                    return CursorStep.QUIET;
                }
            }
        }
    }

    /** Takes entries up to the next turn, which is then followed first; true when the slice was used up. */
    private boolean take(EventLog.Slice slice) {
        for (LogEntry entry : slice.entries()) {
            index++;
            if (resumeTurnId != null) {
                if (entry instanceof LogEntry.Turn started && started.turnId().equals(resumeTurnId)) {
                    resumeTurnId = null;
                    follow(started, resumeEventId);
                    return false;
                }
                continue;
            }
            switch (entry) {
                case LogEntry.Progress progress -> ready.add(progress.event());
                case LogEntry.Turn started -> {
                    ready.add(started.started());
                    follow(started, 0);
                    return false;
                }
            }
        }
        return true;
    }

    private void follow(LogEntry.Turn started, long after) {
        turn = new TurnCursor(turns.apply(started.workflowId()), after);
        turnId = started.turnId();
    }

    @Override
    public void close() {
        if (turn != null) {
            turn.close();
        }
        session.close();
    }
}
