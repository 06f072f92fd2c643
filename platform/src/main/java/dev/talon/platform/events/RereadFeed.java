package dev.talon.platform.events;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * For the in-memory test server only: it ignores the page token of a waiting history request and waits for
 * events after its own current end, so an event written between two calls would be missed. This feed reads
 * the whole history again instead and hands out what is new, every {@value #PAUSE_MILLIS} ms at most.
 */
final class RereadFeed implements HistoryFeed {

    private static final long PAUSE_MILLIS = 100;

    private final WorkflowServiceStubs service;
    private final String namespace;
    private final WorkflowExecution execution;
    private long lastEventId;

    RereadFeed(WorkflowServiceStubs service, String namespace, WorkflowExecution execution) {
        this.service = service;
        this.namespace = namespace;
        this.execution = execution;
    }

    @Override
    public List<HistoryEvent> next(Duration wait) throws InterruptedException {
        List<HistoryEvent> fresh = new ArrayList<>();
        ByteString page = ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse response = service.blockingStub()
                    .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                            .setNamespace(namespace).setExecution(execution).setNextPageToken(page).build());
            for (HistoryEvent event : response.getHistory().getEventsList()) {
                if (event.getEventId() > lastEventId) {
                    fresh.add(event);
                }
            }
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        if (fresh.isEmpty()) {
            Thread.sleep(Math.min(wait.toMillis(), PAUSE_MILLIS));
        } else {
            lastEventId = fresh.getLast().getEventId();
        }
        return fresh;
    }

    @Override
    public void restart() {
        // every read starts over anyway
    }

    @Override
    public void close() {
        // no read outlives a call
    }
}
