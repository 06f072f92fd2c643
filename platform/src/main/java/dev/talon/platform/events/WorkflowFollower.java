package dev.talon.platform.events;

import dev.talon.platform.client.TemporalConnection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.time.Duration;
import java.util.List;

/**
 * Follows one workflow's history for every stream that watches it, on one virtual thread: long-polls the
 * history (across continue-as-new), translates each event once into the {@link EventLog} its streams read,
 * and for a turn also looks for retries and approvals. It runs while it has subscribers ({@link Followers}).
 */
final class WorkflowFollower {

    private static final System.Logger LOG = System.getLogger(WorkflowFollower.class.getName());
    /** How long to wait for news when there is nothing else to look after. */
    static final Duration QUIET_WAIT = Duration.ofSeconds(30);
    /** While an activity runs, how often to look for its retries, which history does not show. */
    static final Duration RETRY_CHECK = Duration.ofSeconds(1);
    /** A session's turn may be asked for just before Temporal created it: retry NOT_FOUND this often. */
    private static final int NOT_FOUND_TRIES = 50;
    private static final long NOT_FOUND_PAUSE_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final FollowerKey key;
    private final TemporalConnection temporal;
    private final EventLog log = new EventLog();
    private volatile boolean stopped;
    private volatile boolean failed;
    private Thread thread;
    /** The current run's feed; used by the follower's thread only. */
    private HistoryFeed feed;
    /** Streams reading the log; guarded by {@link Followers}. */
    int subscribers;

    WorkflowFollower(FollowerKey key, TemporalConnection temporal) {
        this.key = key;
        this.temporal = temporal;
    }

    void start() {
        thread = Thread.ofVirtual().name("talon-follow " + key.workflowId()).start(this::run);
    }

    /** Ends the follower at once, also in the middle of a long poll. */
    void stop() {
        stopped = true;
        thread.interrupt();
    }

    EventLog log() {
        return log;
    }

    /** It ended on an error, not with the workflow: a new stream should get a new follower. */
    boolean failed() {
        return failed;
    }

    private void run() {
        try {
            follow();
        } catch (InterruptedException e) {
            // stopped
        } catch (RuntimeException e) {
            if (!stopped) {
                failed = true;
                LOG.log(System.Logger.Level.WARNING, "progress of {0}: {1}", key.workflowId(), e.toString());
            }
        } finally {
            if (feed != null) {
                feed.close(); // a long poll in flight would linger until its deadline
            }
            log.finish();
        }
    }

    private void follow() throws InterruptedException {
        // a session resume looks for its turn among the events that exist now
        long backlogEnd = key.kind() == FollowerKey.Kind.SESSION ? historyLength() : 0;
        if (backlogEnd == 0) {
            log.markCaughtUp();
        }
        feed = feed(null);
        HistoryTranslator translator = new HistoryTranslator(key.kind(), payloads -> temporal.decode(key.namespace(), payloads));
        TurnExtras extras = key.kind() == FollowerKey.Kind.TURN
                ? new TurnExtras(temporal, key.namespace(), key.workflowId()) : null;
        long nextRetryCheck = 0;
        boolean approvalsDue = false;
        int notFound = 0;
        int errors = 0;
        while (!stopped) {
            Duration wait = extras != null && (translator.activityOpen() || approvalsDue) ? RETRY_CHECK : QUIET_WAIT;
            List<HistoryEvent> events;
            try {
                events = feed.next(wait);
                notFound = 0;
                errors = 0;
            } catch (StatusRuntimeException e) {
                if (stopped || Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                    if (++notFound >= NOT_FOUND_TRIES) {
                        throw e;
                    }
                    Thread.sleep(NOT_FOUND_PAUSE_MILLIS);
                    continue;
                }
                // Temporal restarting, a stale page token...: wait, then read on from where we are
                errors++;
                LOG.log(System.Logger.Level.DEBUG, "progress of {0}: {1}", key.workflowId(), e.toString());
                feed.restart();
                Thread.sleep(Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(errors, 5)));
                continue;
            }
            for (HistoryEvent event : events) {
                translator.apply(event, log);
            }
            if (translator.ended()) {
                return;
            }
            if (translator.continuedAsNewRunId() != null) {
                feed.close();
                feed = feed(translator.continuedAsNewRunId());
                translator = new HistoryTranslator(key.kind(), payloads -> temporal.decode(key.namespace(), payloads));
                log.markCaughtUp();
                continue;
            }
            if (translator.lastEventId() >= backlogEnd) {
                log.markCaughtUp();
            }
            if (extras != null) {
                // an approval wait starts a timer; the turn's query then names the calls it waits for
                approvalsDue |= translator.takeTimerStarted();
                if (approvalsDue) {
                    approvalsDue = !extras.reportApprovals(log, translator.lastEventId());
                }
                if (translator.activityOpen() && System.nanoTime() - nextRetryCheck >= 0) {
                    extras.reportRetries(log, translator.lastEventId());
                    nextRetryCheck = System.nanoTime() + RETRY_CHECK.toNanos();
                }
            }
        }
    }

    private HistoryFeed feed(String runId) {
        WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(key.workflowId());
        if (runId != null) {
            execution.setRunId(runId);
        }
        return temporal.inMemory()
                ? new RereadFeed(temporal.service(key.namespace()), key.namespace(), execution.build())
                : new LongPollFeed(temporal.service(key.namespace()), key.namespace(), execution.build());
    }

    private long historyLength() {
        try {
            return temporal.service(key.namespace()).blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest
                            .newBuilder().setNamespace(key.namespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(key.workflowId())).build())
                    .getWorkflowExecutionInfo().getHistoryLength();
        } catch (StatusRuntimeException e) {
            return 0; // the feed meets the same error and deals with it
        }
    }
}
