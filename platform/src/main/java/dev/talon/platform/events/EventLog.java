package dev.talon.platform.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one follower read from a workflow so far, translated once for all its readers: append-only, read by
 * index, so every stream gets every entry once and in order, whenever it joined.
 */
final class EventLog {

    /** Entries from the index asked for; {@code finished}: no entry will follow; {@code caughtUp}: see below. */
    record Slice(List<LogEntry> entries, boolean finished, boolean caughtUp) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<LogEntry> entries = new ArrayList<>();
    private boolean finished;
    private boolean caughtUp;

    void append(LogEntry entry) {
        lock.lock();
        try {
            entries.add(entry);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The history that existed when following began has been read (a session resume looks for its turn in it). */
    void markCaughtUp() {
        lock.lock();
        try {
            caughtUp = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void finish() {
        lock.lock();
        try {
            finished = true;
            caughtUp = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The entries from {@code from} on, waiting up to the timeout while there are none and the log goes on. */
    Slice read(int from, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (entries.size() <= from && !finished && left > 0) {
                left = changed.awaitNanos(left);
            }
            List<LogEntry> slice = entries.size() > from ? List.copyOf(entries.subList(from, entries.size())) : List.of();
            return new Slice(slice, finished, caughtUp);
        } finally {
            lock.unlock();
        }
    }
}
