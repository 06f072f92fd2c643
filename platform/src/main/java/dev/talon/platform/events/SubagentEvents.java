package dev.talon.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A turn's subagents as its history shows them: {@code subagent_started {turnId, label, session, background}} when
 * the turn starts one (a child whose input names a subagent origin; a memory consolidation is not one), and
 * {@code subagent_finished {turnId, label, status}} when the turn sees it end: a subagent that was waited for, or a
 * background one that could not start. Background subagents end after their parent; their own stream tells.
 */
final class SubagentEvents {

    private record Started(String turnId, String label) {
    }

    private final Map<Long, Started> started = new HashMap<>();

    /** The event for a child's start, or null when the child is no subagent. */
    ObjectNode initiated(HistoryEvent event, Function<HistoryEvent, JsonNode> input) {
        JsonNode request = input.apply(event);
        JsonNode origin = request.path("subagent");
        if (!origin.isObject()) {
            return null;
        }
        String turnId = request.path("turnId").asText();
        String label = origin.path("label").asText();
        started.put(event.getEventId(), new Started(turnId, label));
        return HistoryTranslator.event("subagent_started").put("turnId", turnId).put("label", label)
                .put("session", request.path("session").asText()).put("background", origin.path("background").asBoolean());
    }

    /** The event for a child's end as the parent saw it, or null when the child is no subagent. */
    ObjectNode ended(HistoryEvent event) {
        long initiated;
        String status;
        switch (event.getEventType()) {
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED -> {
                initiated = event.getChildWorkflowExecutionCompletedEventAttributes().getInitiatedEventId();
                status = "completed";
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> {
                initiated = event.getChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId();
                status = "failed";
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED -> {
                initiated = event.getChildWorkflowExecutionCanceledEventAttributes().getInitiatedEventId();
                status = "cancelled";
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED -> {
                initiated = event.getChildWorkflowExecutionTerminatedEventAttributes().getInitiatedEventId();
                status = "failed";
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT -> {
                initiated = event.getChildWorkflowExecutionTimedOutEventAttributes().getInitiatedEventId();
                status = "failed";
            }
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED -> {
                initiated = event.getStartChildWorkflowExecutionFailedEventAttributes().getInitiatedEventId();
                status = "failed";
            }
            default -> {
                return null;
            }
        }
        Started child = started.remove(initiated);
        return child == null ? null : HistoryTranslator.event("subagent_finished").put("turnId", child.turnId())
                .put("label", child.label()).put("status", status);
    }
}
