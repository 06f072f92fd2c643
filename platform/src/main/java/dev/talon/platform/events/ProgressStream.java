package dev.talon.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.talon.platform.temporal.TemporalConnection;
import dev.talon.platform.temporal.TurnIds;
import dev.talon.platform.workflow.AgentTurnWorkflow;
import dev.talon.platform.workflow.PendingApproval;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Live progress of turns and sessions, read from Temporal itself: workflow history (polled), pending
 * activities (retries) and the turn's approval query. No in-process event bus, so the REST server that
 * streams and the worker that runs the turn can be different processes.
 */
public final class ProgressStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a stream looks for news; a cancel is seen within this, well inside its 2-second promise. */
    private static final long POLL_MILLIS = 250;

    private final TemporalConnection temporal;

    public ProgressStream(TemporalConnection temporal) {
        this.temporal = temporal;
    }

    /** Streams one turn's events until it ends (or {@code open} turns false). */
    public void turn(String namespace, String workflowId, Consumer<ProgressEvent> sink, BooleanSupplier open) {
        follow(namespace, WorkflowExecution.newBuilder().setWorkflowId(workflowId).build(), sink, open, false);
    }

    /**
     * Streams a session: each turn it starts (with that turn's events), across continue-as-new, until the
     * session workflow ends.
     */
    public void session(String namespace, String workflowId, Consumer<ProgressEvent> sink, BooleanSupplier open) {
        follow(namespace, WorkflowExecution.newBuilder().setWorkflowId(workflowId).build(), sink, open, true);
    }

    private void follow(String namespace, WorkflowExecution execution, Consumer<ProgressEvent> sink,
                        BooleanSupplier open, boolean session) {
        Map<Long, HistoryEvent> scheduled = new HashMap<>();
        Set<String> reported = new HashSet<>();
        long lastSeen = 0;
        while (open.getAsBoolean()) {
            boolean continuedAsNew = false;
            for (HistoryEvent event : history(namespace, execution)) {
                if (event.getEventId() <= lastSeen) {
                    continue;
                }
                lastSeen = event.getEventId();
                switch (event.getEventType()) {
                    case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                        scheduled.put(event.getEventId(), event);
                        if (!session) {
                            started(event, sink);
                        }
                    }
                    case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                        if (!session) {
                            finished(scheduled.get(event.getActivityTaskCompletedEventAttributes().getScheduledEventId()),
                                    event.getActivityTaskCompletedEventAttributes().getResult(), sink);
                        }
                    }
                    case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
                        String childId = event.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId();
                        send(sink, event("turn_started").put("turnId", childId.substring(childId.lastIndexOf('/') + 1)));
                        follow(namespace, WorkflowExecution.newBuilder().setWorkflowId(childId).build(), sink, open, false);
                    }
                    case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> {
                        execution = WorkflowExecution.newBuilder().setWorkflowId(execution.getWorkflowId())
                                .setRunId(event.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId())
                                .build();
                        continuedAsNew = true;
                    }
                    case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
                        if (session) {
                            send(sink, event("session_ended"));
                        } else {
                            sink.accept(completed(event.getWorkflowExecutionCompletedEventAttributes().getResult()));
                        }
                        return;
                    }
                    case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> {
                        send(sink, event("failed").put("code", "turn_failed").put("message",
                                event.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage()));
                        return;
                    }
                    case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> {
                        send(sink, event("cancelled"));
                        return;
                    }
                    case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> {
                        send(sink, event("failed").put("code", "terminated").put("message", "the workflow was stopped"));
                        return;
                    }
                    default -> {
                    }
                }
                if (continuedAsNew) {
                    break;
                }
            }
            if (continuedAsNew) {
                lastSeen = 0; // read the new run from its start
                continue;
            }
            if (!session) {
                reportRetriesAndApprovals(namespace, execution, sink, reported);
            }
            pause();
        }
    }

    /** The whole history of the run so far (turn histories stay small: see the turn log). */
    private List<HistoryEvent> history(String namespace, WorkflowExecution execution) {
        List<HistoryEvent> events = new ArrayList<>();
        ByteString page = ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse response = temporal.service().blockingStub()
                    .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                            .setNamespace(namespace).setExecution(execution).setNextPageToken(page).build());
            events.addAll(response.getHistory().getEventsList());
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        return events;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void started(HistoryEvent event, Consumer<ProgressEvent> sink) {
        var attributes = event.getActivityTaskScheduledEventAttributes();
        JsonNode input = first(attributes.getInput());
        switch (attributes.getActivityType().getName()) {
            case "LlmChat" -> send(sink, event("llm_started").put("step", input.path("step").asInt()));
            case "ExecuteTool" -> {
                ObjectNode data = event("tool_started").put("step", input.path("step").asInt())
                        .put("callId", input.path("call").path("id").asText()).put("name", input.path("call").path("name").asText());
                data.set("arguments", input.path("call").path("arguments"));
                if (input.hasNonNull("denial")) {
                    data.put("denied", input.path("denial").asText());
                }
                sink.accept(new ProgressEvent("tool_started", data));
            }
            default -> {
            }
        }
    }

    private static void finished(HistoryEvent scheduled, Payloads result, Consumer<ProgressEvent> sink) {
        if (scheduled == null) {
            return;
        }
        var attributes = scheduled.getActivityTaskScheduledEventAttributes();
        JsonNode input = first(attributes.getInput());
        JsonNode output = first(result);
        switch (attributes.getActivityType().getName()) {
            case "LlmChat" -> {
                ObjectNode data = event("llm_finished").put("step", input.path("step").asInt());
                data.set("usage", output.path("response").path("usage"));
                data.put("toolCalls", output.path("response").path("message").path("toolCalls").size());
                sink.accept(new ProgressEvent("llm_finished", data));
            }
            case "ExecuteTool" -> {
                JsonNode toolResult = output.path("result");
                ObjectNode data = event("tool_finished").put("callId", toolResult.path("toolCallId").asText())
                        .put("name", toolResult.path("name").asText()).put("size", toolResult.path("content").asText().length())
                        .put("error", toolResult.path("error").asBoolean());
                if (toolResult.path("error").asBoolean()) {
                    data.put("message", firstLine(toolResult.path("content").asText()));
                }
                sink.accept(new ProgressEvent("tool_finished", data));
            }
            default -> {
            }
        }
    }

    private void reportRetriesAndApprovals(String namespace, WorkflowExecution execution, Consumer<ProgressEvent> sink,
                                           Set<String> reported) {
        try {
            var description = temporal.service().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder().setNamespace(namespace).setExecution(execution).build());
            for (PendingActivityInfo activity : description.getPendingActivitiesList()) {
                String key = "retry/" + activity.getActivityId() + "/" + activity.getAttempt();
                if (activity.getAttempt() > 1 && reported.add(key)) {
                    send(sink, event("retry").put("activity", activity.getActivityType().getName())
                            .put("attempt", activity.getAttempt())
                            .put("reason", activity.getLastFailure().getMessage()));
                }
            }
            if (description.getWorkflowExecutionInfo().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                return; // not running: no approvals to ask for
            }
            WorkflowClient client = temporal.client(namespace);
            for (PendingApproval approval : client.newWorkflowStub(AgentTurnWorkflow.class, execution.getWorkflowId())
                    .pendingApprovals()) {
                if (reported.add("approval/" + approval.approvalId())) {
                    ObjectNode data = event("approval_needed").put("approvalId", approval.approvalId())
                            .put("tool", approval.tool())
                            .put("timeoutSeconds", approval.timeoutSeconds());
                    data.set("arguments", approval.arguments());
                    sink.accept(new ProgressEvent("approval_needed", data));
                }
            }
        } catch (StatusRuntimeException | io.temporal.client.WorkflowException e) {
            // progress extras are best effort; history events keep flowing
        }
    }

    private static ProgressEvent completed(Payloads result) {
        JsonNode turn = first(result);
        ObjectNode data = event("completed").put("turnId", turn.path("turnId").asText()).put("reply", turn.path("reply").asText())
                .put("iterations", turn.path("iterations").asInt()).put("stopReason", turn.path("stopReason").asText());
        data.set("toolsUsed", turn.path("toolsUsed"));
        data.set("usage", turn.path("usage"));
        return new ProgressEvent("completed", data);
    }

    private static JsonNode first(Payloads payloads) {
        if (payloads.getPayloadsCount() == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(payloads.getPayloads(0).getData().toByteArray());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static void send(Consumer<ProgressEvent> sink, ObjectNode data) {
        sink.accept(new ProgressEvent(data.path("type").asText(), data));
    }

    private static ObjectNode event(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
