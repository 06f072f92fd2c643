package dev.talon.platform.workflow;

import dev.talon.platform.client.TurnIds;
import io.temporal.workflow.Workflow;
import java.util.regex.Pattern;

/**
 * What a turn started by a Temporal Schedule (a job or the heartbeat) does differently. Workflow code.
 *
 * <p>A schedule's input is fixed when it is made, so its turns carry no turn id: each takes one from its workflow
 * id, which the schedule makes unique per firing ({@code talon/<tenant>/turn/schedule-<job>-<time>}), made a valid
 * id ({@code :} of the time becomes {@code -}). A beat whose reply is {@code HEARTBEAT_OK} had nothing to do.
 */
final class ScheduledTurns {

    /** The reply that says a heartbeat found nothing to do. */
    static final String HEARTBEAT_OK = "HEARTBEAT_OK";
    /**
     * Version 1: a heartbeat turn ends without recording when its prompt was skipped or its reply is HEARTBEAT_OK.
     * Asked only in heartbeat turns, so every other turn records the same history as before.
     */
    static final String HEARTBEAT_CHANGE = "heartbeat";

    private static final Pattern NOT_IN_IDS = Pattern.compile("[^A-Za-z0-9._-]");

    private ScheduledTurns() {
    }

    /** The request with its turn id: the given one, or the one its workflow id gives a scheduled turn. */
    static TurnRequest named(TurnRequest request) {
        if (request.turnId() != null) {
            return request;
        }
        String workflowId = Workflow.getInfo().getWorkflowId();
        String prefix = TurnIds.turnPrefix(request.tenant());
        String own = workflowId.startsWith(prefix) ? workflowId.substring(prefix.length()) : workflowId;
        String turnId = NOT_IN_IDS.matcher(own).replaceAll("-");
        return request.withTurnId(turnId.length() > 128 ? turnId.substring(turnId.length() - 128) : turnId);
    }

    /** Whether this heartbeat turn runs the version that may end unrecorded. */
    static boolean heartbeatEndsQuietly(TurnRequest request) {
        return request.heartbeat() && Workflow.getVersion(HEARTBEAT_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    /** The reply says nothing needs doing: it starts with HEARTBEAT_OK (models tend to add a word after it). */
    static boolean nothingToDo(String reply) {
        String text = reply == null ? "" : reply.strip();
        while (!text.isEmpty() && "*`_\"'".indexOf(text.charAt(0)) >= 0) {
            text = text.substring(1);
        }
        return text.startsWith(HEARTBEAT_OK);
    }
}
