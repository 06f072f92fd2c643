package dev.talon.platform.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.platform.data.TurnStreamTail;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.function.Function;

/**
 * Adds a turn's streamed text to the events read from history: {@code text_delta}, {@code delta_discarded}
 * and {@code stream_truncated}, tailed from the turn's stream file that the worker's LlmChat writes, so they
 * reach the client within a poll interval and never pass through workflow history. Before each history event
 * the file is read to its end: the deltas of an LLM call come before the call's {@code llm_finished}.
 * In a session stream it follows whichever turn is running ({@code turn_started} says which). The deltas have
 * no event id: a client resuming with Last-Event-ID gets the deltas written after it reconnected, and the
 * whole answer in {@code llm_finished} and {@code completed}.
 */
final class TextDeltaCursor implements ProgressCursor {

    static final Duration POLL = Duration.ofMillis(100);
    private static final Set<String> TURN_ENDS = Set.of("completed", "failed", "cancelled");

    private final ProgressCursor history;
    private final Function<String, TurnStreamTail> tails;
    private final Deque<ProgressEvent> ready = new ArrayDeque<>();
    private TurnStreamTail tail;
    private String turnId;
    private boolean ended;

    /**
     * @param turnId  the turn followed first: a turn stream's own, a session stream's resumed turn, or null
     * @param resumed whether the client resumes, so that what the file holds now is not sent again
     */
    TextDeltaCursor(ProgressCursor history, Function<String, TurnStreamTail> tails, String turnId, boolean resumed) {
        this.history = history;
        this.tails = tails;
        if (turnId != null) {
            follow(turnId);
            if (resumed) {
                tail.fromEnd();
            }
        }
    }

    @Override
    public CursorStep next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!ready.isEmpty()) {
                return new CursorStep.Event(ready.poll());
            }
            if (ended) {
                return CursorStep.END;
            }
            drain();
            if (!ready.isEmpty()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return CursorStep.QUIET;
            }
            switch (history.next(Duration.ofNanos(Math.min(left, POLL.toNanos())))) {
                case CursorStep.Event event -> {
                    drain();
                    ready.add(event.event());
                    turnChange(event.event());
                }
                case CursorStep.Quiet quiet -> {
                }
                case CursorStep.End end -> {
                    drain();
                    ended = true;
                }
            }
        }
    }

    private void turnChange(ProgressEvent event) {
        if (event.type().equals("turn_started") && event.data().path("turnId").isTextual()) {
            follow(event.data().path("turnId").asText());
        } else if (TURN_ENDS.contains(event.type())) {
            stopFollowing();
        }
    }

    private void drain() {
        if (tail == null) {
            return;
        }
        for (ObjectNode delta : tail.poll()) {
            delta.put("turnId", turnId);
            ready.add(new ProgressEvent(null, delta.path("type").asText(), delta));
        }
    }

    private void follow(String newTurnId) {
        stopFollowing();
        turnId = newTurnId;
        tail = tails.apply(newTurnId);
    }

    private void stopFollowing() {
        if (tail != null) {
            tail.close();
            tail = null;
        }
    }

    @Override
    public void close() {
        stopFollowing();
        history.close();
    }
}
