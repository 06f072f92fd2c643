package dev.talon.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns the history events of one workflow run into log entries, in history order. Stateful (it pairs an
 * activity's result with its input), so one translator reads one run once.
 */
final class HistoryTranslator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final System.Logger LOG = System.getLogger(HistoryTranslator.class.getName());

    private final FollowerKey.Kind kind;
    /** The namespace's payload codec (decryption): payloads in history are as the codec wrote them. */
    private final UnaryOperator<List<Payload>> decode;
    private final Map<Long, HistoryEvent> scheduled = new HashMap<>();
    /** ActivityTaskStarted by its scheduled event id: the attempt that completed (the console shows it). */
    private final Map<Long, HistoryEvent> startedAttempts = new HashMap<>();
    private long lastEventId;
    private boolean ended;
    private String continuedAsNewRunId;
    private boolean timerStarted;
    /** The subagents the turn started, to name them when they end. */
    private final SubagentEvents subagents = new SubagentEvents();

    HistoryTranslator(FollowerKey.Kind kind, UnaryOperator<List<Payload>> decode) {
        this.kind = kind;
        this.decode = decode;
    }

    void apply(HistoryEvent event, EventLog log) {
        lastEventId = event.getEventId();
        long id = event.getEventId();
        switch (event.getEventType()) {
            case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                scheduled.put(id, event);
                if (kind == FollowerKey.Kind.TURN) {
                    started(event, log);
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
                if (kind == FollowerKey.Kind.TURN) {
                    startedAttempts.put(event.getActivityTaskStartedEventAttributes().getScheduledEventId(), event);
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                var attributes = event.getActivityTaskCompletedEventAttributes();
                HistoryEvent input = scheduled.remove(attributes.getScheduledEventId());
                HistoryEvent attempt = startedAttempts.remove(attributes.getScheduledEventId());
                if (kind == FollowerKey.Kind.TURN) {
                    finished(id, input, attributes.getResult(), ActivityRunFacts.of(input, attempt, event), log);
                }
            }
            case EVENT_TYPE_ACTIVITY_TASK_FAILED -> scheduled.remove(event.getActivityTaskFailedEventAttributes().getScheduledEventId());
            case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
                    scheduled.remove(event.getActivityTaskTimedOutEventAttributes().getScheduledEventId());
            case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
                    scheduled.remove(event.getActivityTaskCanceledEventAttributes().getScheduledEventId());
            case EVENT_TYPE_TIMER_STARTED -> timerStarted = true;
            case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> {
                if (kind == FollowerKey.Kind.SESSION) {
                    String childId = event.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId();
                    String turnId = childId.substring(childId.lastIndexOf('/') + 1);
                    log.append(new LogEntry.Turn(turnId, childId,
                            progress(turnId, event("turn_started").put("turnId", turnId)), id));
                } else {
                    ObjectNode subagent = subagents.initiated(event,
                            initiated -> first(initiated.getStartChildWorkflowExecutionInitiatedEventAttributes().getInput()));
                    if (subagent != null) {
                        append(log, String.valueOf(id), subagent, id);
                    }
                }
            }
            case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
                 EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED, EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
                 EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT, EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED -> {
                ObjectNode ended = kind == FollowerKey.Kind.TURN ? subagents.ended(event) : null;
                if (ended != null) {
                    append(log, String.valueOf(id), ended, id);
                }
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
                    continuedAsNewRunId = event.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId();
            case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
                if (kind == FollowerKey.Kind.SESSION) {
                    append(log, null, event("session_ended"), id);
                } else {
                    append(log, String.valueOf(id), completed(event.getWorkflowExecutionCompletedEventAttributes().getResult()), id);
                }
                ended = true;
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> {
                append(log, turnId(id), event("failed").put("code", "turn_failed").put("message",
                        event.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage()), id);
                ended = true;
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> {
                append(log, turnId(id), event("cancelled"), id);
                ended = true;
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> {
                append(log, turnId(id), event("failed").put("code", "terminated").put("message", "the workflow was stopped"), id);
                ended = true;
            }
            default -> {
            }
        }
    }

    /** The id of the last history event applied. */
    long lastEventId() {
        return lastEventId;
    }

    /** The run ended: nothing follows. */
    boolean ended() {
        return ended;
    }

    /** The new run's id when this run continued as new, else null. */
    String continuedAsNewRunId() {
        return continuedAsNewRunId;
    }

    /** Whether an activity was scheduled and has not closed: it may be retrying, which history does not show. */
    boolean activityOpen() {
        return !scheduled.isEmpty();
    }

    /** Whether a timer started since the last call: the turn may now wait for an approval. */
    boolean takeTimerStarted() {
        boolean started = timerStarted;
        timerStarted = false;
        return started;
    }

    // a session's own events carry no id: a resume is placed by the turns' ids
    private String turnId(long eventId) {
        return kind == FollowerKey.Kind.TURN ? String.valueOf(eventId) : null;
    }

    private void started(HistoryEvent event, EventLog log) {
        var attributes = event.getActivityTaskScheduledEventAttributes();
        JsonNode input = first(attributes.getInput());
        long id = event.getEventId();
        switch (attributes.getActivityType().getName()) {
            case "LlmChat" -> append(log, String.valueOf(id), event("llm_started").put("step", input.path("step").asInt()), id);
            case "ExecuteTool" -> {
                ObjectNode data = event("tool_started").put("step", input.path("step").asInt())
                        .put("callId", input.path("call").path("id").asText()).put("name", input.path("call").path("name").asText());
                data.set("arguments", input.path("call").path("arguments"));
                if (input.hasNonNull("denial")) {
                    data.put("denied", input.path("denial").asText());
                }
                append(log, String.valueOf(id), data, id);
            }
            default -> {
            }
        }
    }

    private void finished(long id, HistoryEvent scheduledEvent, Payloads result, ActivityRunFacts facts, EventLog log) {
        if (scheduledEvent == null) {
            return;
        }
        var attributes = scheduledEvent.getActivityTaskScheduledEventAttributes();
        JsonNode input = first(attributes.getInput());
        JsonNode output = first(result);
        switch (attributes.getActivityType().getName()) {
            case "LlmChat" -> {
                ObjectNode data = event("llm_finished").put("step", input.path("step").asInt());
                data.set("usage", output.path("response").path("usage"));
                data.put("toolCalls", output.path("response").path("message").path("toolCalls").size());
                ActivityRunFacts.putText(data, "text", output.path("response").path("message").path("content"));
                facts.putInto(data);
                append(log, String.valueOf(id), data, id);
            }
            case "ExecuteTool" -> {
                JsonNode toolResult = output.path("result");
                ObjectNode data = event("tool_finished").put("callId", toolResult.path("toolCallId").asText())
                        .put("name", toolResult.path("name").asText()).put("size", toolResult.path("content").asText().length())
                        .put("error", toolResult.path("error").asBoolean());
                if (toolResult.path("error").asBoolean()) {
                    data.put("message", firstLine(toolResult.path("content").asText()));
                }
                ActivityRunFacts.putText(data, "result", toolResult.path("content"));
                facts.putInto(data);
                append(log, String.valueOf(id), data, id);
            }
            default -> {
            }
        }
    }

    private ObjectNode completed(Payloads result) {
        JsonNode turn = first(result);
        ObjectNode data = event("completed").put("turnId", turn.path("turnId").asText()).put("reply", turn.path("reply").asText())
                .put("iterations", turn.path("iterations").asInt()).put("stopReason", turn.path("stopReason").asText());
        data.set("toolsUsed", turn.path("toolsUsed"));
        data.set("usage", turn.path("usage"));
        return data;
    }

    private static void append(EventLog log, String id, ObjectNode data, long position) {
        log.append(new LogEntry.Progress(progress(id, data), position));
    }

    static ProgressEvent progress(String id, ObjectNode data) {
        return new ProgressEvent(id, data.path("type").asText(), data);
    }

    static ObjectNode event(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private JsonNode first(Payloads payloads) {
        if (payloads.getPayloadsCount() == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(decode.apply(List.of(payloads.getPayloads(0))).getFirst().getData().toByteArray());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (RuntimeException e) { // a key gone (shredded) or an altered payload: the event without its data
            LOG.log(System.Logger.Level.WARNING, "a history payload cannot be decoded: {0}", e.getMessage());
            return JSON.createObjectNode();
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
