package dev.talon.platform.events;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a run's history the way Temporal offers for following it: {@code GetWorkflowExecutionHistory} with
 * {@code waitNewEvent} and the page token of the previous answer. The first call returns what exists, each
 * later one returns at once when there is more, else the server holds it until an event is written (or its
 * long-poll interval ends: an empty answer with the same token). So each event is read once.
 *
 * <p>A call stays in flight across {@link #next} calls whose wait ran out: the server answers a request
 * whose deadline is near at once, so short deadlines would turn the long poll into a busy loop.
 */
final class LongPollFeed implements HistoryFeed {

    /** The deadline of one history request; the server answers (empty, if nothing happened) a little before. */
    static final Duration LONG_POLL = Duration.ofSeconds(30);

    private final WorkflowServiceStubs service;
    private final String namespace;
    private final WorkflowExecution execution;
    private ByteString token = ByteString.EMPTY;
    private long lastEventId;
    private boolean done;
    private ListenableFuture<GetWorkflowExecutionHistoryResponse> inFlight;

    LongPollFeed(WorkflowServiceStubs service, String namespace, WorkflowExecution execution) {
        this.service = service;
        this.namespace = namespace;
        this.execution = execution;
    }

    @Override
    public List<HistoryEvent> next(Duration wait) throws InterruptedException {
        if (done) {
            // the run is closed and read to its end; only a follower that missed the close event gets here
            Thread.sleep(wait);
            return List.of();
        }
        if (inFlight == null) {
            inFlight = service.futureStub().withDeadlineAfter(LONG_POLL.toMillis(), TimeUnit.MILLISECONDS)
                    .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                            .setNamespace(namespace).setExecution(execution).setNextPageToken(token)
                            .setWaitNewEvent(true).build());
        }
        GetWorkflowExecutionHistoryResponse response;
        try {
            response = inFlight.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillWaiting) {
            return List.of();
        } catch (InterruptedException e) {
            close();
            throw e;
        } catch (ExecutionException e) {
            inFlight = null;
            if (e.getCause() instanceof StatusRuntimeException failure) {
                if (failure.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    return List.of(); // nothing new; ask again with the same token
                }
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
        inFlight = null;
        token = response.getNextPageToken();
        done = token.isEmpty(); // no token: the run is closed and this was its last page
        List<HistoryEvent> fresh = new ArrayList<>();
        for (HistoryEvent event : response.getHistory().getEventsList()) {
            if (event.getEventId() > lastEventId) {
                fresh.add(event);
                lastEventId = event.getEventId();
            }
        }
        return fresh;
    }

    @Override
    public void restart() {
        close();
        token = ByteString.EMPTY;
        done = false;
    }

    @Override
    public void close() {
        if (inFlight != null) {
            inFlight.cancel(true); // cancels the call on the server too
            inFlight = null;
        }
    }
}
