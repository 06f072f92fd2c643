package dev.talon.testkit;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A turn workflow's activities and the workers that ran them, from its event history plus its pending
 * activities. Both are needed: Temporal writes {@code ActivityTaskStarted} (with the worker's identity) only
 * once the attempt ends, so a running activity and its worker are visible only in the pending list of
 * {@code DescribeWorkflowExecution}.
 */
public final class TurnHistory {

    private final String workflowId;
    private final WorkflowExecutionStatus status;
    private final List<ActivityRun> activities;
    private final List<String> workflowTaskWorkers;

    private TurnHistory(String workflowId, WorkflowExecutionStatus status, List<ActivityRun> activities,
                        List<String> workflowTaskWorkers) {
        this.workflowId = workflowId;
        this.status = status;
        this.activities = List.copyOf(activities);
        this.workflowTaskWorkers = List.copyOf(workflowTaskWorkers);
    }

    public static TurnHistory fetch(WorkflowServiceStubs service, String namespace, String workflowId) {
        WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
        List<HistoryEvent> events = new ArrayList<>();
        ByteString token = ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse page = service.blockingStub().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                            .setNamespace(namespace).setExecution(execution).setNextPageToken(token).build());
            events.addAll(page.getHistory().getEventsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        DescribeWorkflowExecutionResponse description = service.blockingStub().withDeadlineAfter(30, TimeUnit.SECONDS)
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(namespace).setExecution(execution).build());
        return of(workflowId, events, description.getPendingActivitiesList(),
                description.getWorkflowExecutionInfo().getStatus());
    }

    /**
     * Waits until the {@code ordinal}-th activity of {@code type} has closed, long-polling the history so the
     * caller hears of it within milliseconds (to act between two steps of a turn).
     *
     * @return that activity as the history has it when it closed
     */
    public static ActivityRun awaitClosed(WorkflowServiceStubs service, String namespace, String workflowId,
                                          String type, int ordinal, Duration timeout) throws TimeoutException {
        WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
        List<HistoryEvent> events = new ArrayList<>();
        ByteString token = ByteString.EMPTY;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(type + "#" + ordinal + " of " + workflowId + " did not close within " + timeout);
            }
            GetWorkflowExecutionHistoryResponse page;
            try {
                page = service.blockingStub().withDeadlineAfter(Math.min(left, TimeUnit.SECONDS.toNanos(30)),
                        TimeUnit.NANOSECONDS).getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                        .setNamespace(namespace).setExecution(execution).setNextPageToken(token)
                        .setWaitNewEvent(true).build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    continue; // nothing new yet: poll again with the same token
                }
                throw e;
            }
            events.addAll(page.getHistory().getEventsList());
            Optional<ActivityRun> run = of(workflowId, events, List.of(),
                    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING).activity(type, ordinal)
                    .filter(r -> r.state().closed());
            if (run.isPresent()) {
                return run.get();
            }
            if (page.getNextPageToken().isEmpty()) {
                throw new IllegalStateException(workflowId + " closed without " + type + "#" + ordinal + " closing");
            }
            token = page.getNextPageToken();
        }
    }

    static TurnHistory of(String workflowId, List<HistoryEvent> events, List<PendingActivityInfo> pending,
                          WorkflowExecutionStatus status) {
        Map<Long, Run> byScheduledEvent = new LinkedHashMap<>();
        Map<String, Integer> perType = new HashMap<>();
        List<String> workflowTaskWorkers = new ArrayList<>();
        for (HistoryEvent event : events) {
            switch (event.getEventType()) {
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                    var scheduled = event.getActivityTaskScheduledEventAttributes();
                    String type = scheduled.getActivityType().getName();
                    int ordinal = perType.merge(type, 1, Integer::sum);
                    byScheduledEvent.put(event.getEventId(), new Run(type, ordinal, scheduled.getActivityId()));
                }
                case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
                    var started = event.getActivityTaskStartedEventAttributes();
                    Run run = byScheduledEvent.get(started.getScheduledEventId());
                    if (run != null) {
                        run.state = RunState.STARTED;
                        run.attempt = started.getAttempt();
                        run.identity = started.getIdentity();
                    }
                }
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> close(byScheduledEvent,
                        event.getActivityTaskCompletedEventAttributes().getScheduledEventId(), RunState.COMPLETED);
                case EVENT_TYPE_ACTIVITY_TASK_FAILED -> close(byScheduledEvent,
                        event.getActivityTaskFailedEventAttributes().getScheduledEventId(), RunState.FAILED);
                case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> close(byScheduledEvent,
                        event.getActivityTaskTimedOutEventAttributes().getScheduledEventId(), RunState.TIMED_OUT);
                case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> close(byScheduledEvent,
                        event.getActivityTaskCanceledEventAttributes().getScheduledEventId(), RunState.CANCELED);
                case EVENT_TYPE_WORKFLOW_TASK_STARTED ->
                        workflowTaskWorkers.add(event.getWorkflowTaskStartedEventAttributes().getIdentity());
                default -> {
                }
            }
        }
        for (PendingActivityInfo info : pending) {
            for (Run run : byScheduledEvent.values()) {
                if (run.activityId.equals(info.getActivityId()) && !run.state.closed()) {
                    run.state = info.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED
                            ? RunState.SCHEDULED : RunState.STARTED;
                    run.attempt = info.getAttempt();
                    run.identity = info.getLastWorkerIdentity();
                }
            }
        }
        List<ActivityRun> runs = byScheduledEvent.values().stream()
                .map(r -> new ActivityRun(r.type, r.ordinal, r.activityId, r.state, r.attempt, r.identity)).toList();
        return new TurnHistory(workflowId, status, runs, workflowTaskWorkers);
    }

    private static void close(Map<Long, Run> runs, long scheduledEventId, RunState state) {
        Run run = runs.get(scheduledEventId);
        if (run != null) {
            run.state = state;
        }
    }

    public String workflowId() {
        return workflowId;
    }

    /** True once the workflow completed, failed, timed out... */
    public boolean closed() {
        return status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    }

    public WorkflowExecutionStatus status() {
        return status;
    }

    /** Every activity, in the order the workflow scheduled them. */
    public List<ActivityRun> activities() {
        return activities;
    }

    public List<ActivityRun> activities(String type) {
        return activities.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** The {@code ordinal}-th activity of the type (1-based): for LlmChat, step {@code ordinal}. */
    public Optional<ActivityRun> activity(String type, int ordinal) {
        return activities.stream().filter(r -> r.type().equals(type) && r.ordinal() == ordinal).findFirst();
    }

    /** The activity of the type scheduled last. */
    public Optional<ActivityRun> latest(String type) {
        List<ActivityRun> ofType = activities(type);
        return ofType.isEmpty() ? Optional.empty() : Optional.of(ofType.getLast());
    }

    public boolean completed(String type, int ordinal) {
        return activity(type, ordinal).map(r -> r.state() == RunState.COMPLETED).orElse(false);
    }

    /** The pids of the workers that took the workflow's tasks (the workflow code itself), in order. */
    public List<Long> workflowTaskWorkerPids() {
        List<Long> pids = new ArrayList<>();
        for (String identity : workflowTaskWorkers) {
            OptionalLong pid = ActivityRun.pidOf(identity);
            pid.ifPresent(pids::add);
        }
        return pids;
    }

    @Override
    public String toString() {
        return workflowId + " " + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "") + " " + activities;
    }

    /** Mutable while the events are read. */
    private static final class Run {
        final String type;
        final int ordinal;
        final String activityId;
        RunState state = RunState.SCHEDULED;
        int attempt = 1;
        String identity = "";

        Run(String type, int ordinal, String activityId) {
            this.type = type;
            this.ordinal = ordinal;
            this.activityId = activityId;
        }
    }
}
