package dev.talon.platform.events;

import dev.talon.platform.client.TemporalConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The running followers, one per followed workflow: the first stream of a workflow starts one, the last
 * to leave stops it, so a thousand streams on one turn cost one long poll.
 */
final class Followers implements AutoCloseable {

    private final TemporalConnection temporal;
    private final Map<FollowerKey, WorkflowFollower> running = new HashMap<>();
    private boolean closed;

    Followers(TemporalConnection temporal) {
        this.temporal = temporal;
    }

    synchronized Subscription subscribe(FollowerKey key) {
        if (closed) {
            throw new IllegalStateException("the platform is stopping");
        }
        WorkflowFollower follower = running.get(key);
        if (follower == null || follower.failed()) {
            follower = new WorkflowFollower(key, temporal);
            running.put(key, follower);
            follower.start();
        }
        follower.subscribers++;
        WorkflowFollower held = follower;
        return new Subscription(follower.log(), () -> release(key, held));
    }

    synchronized int count() {
        return running.size();
    }

    private synchronized void release(FollowerKey key, WorkflowFollower follower) {
        if (--follower.subscribers == 0) {
            running.remove(key, follower);
            follower.stop();
        }
    }

    @Override
    public void close() {
        List<WorkflowFollower> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(running.values());
            running.clear();
        }
        all.forEach(WorkflowFollower::stop);
    }
}
