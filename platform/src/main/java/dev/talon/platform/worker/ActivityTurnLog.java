package dev.talon.platform.worker;

import dev.talon.platform.workflow.TurnLogFailures;
import dev.talon.api.Message;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.data.TurnLogRef;
import dev.talon.platform.data.TurnLogUnavailableException;
import io.temporal.failure.ApplicationFailure;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The activities' side of {@link TurnConversation}: read the conversation the workflow refers to, append a step's
 * message, and say "go inline" the one way the workflow understands.
 */
final class ActivityTurnLog {

    private final TurnLog turnLog;

    ActivityTurnLog(TurnLog turnLog) {
        this.turnLog = turnLog;
    }

    /**
     * The conversation: the turn log's messages when {@code log} is set, else the inline ones. A log that is
     * missing or does not match fails with type {@link TurnLogFailures#UNAVAILABLE}, not retried.
     */
    List<Message> conversation(String tenant, String turnId, TurnLogRef log, List<Message> inline) {
        if (log == null) {
            return inline;
        }
        try {
            return turnLog.read(tenant, turnId, log);
        } catch (TurnLogUnavailableException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), TurnLogFailures.UNAVAILABLE);
        }
    }

    /**
     * Appends the message when the turn has a log and returns the log after it; null when the turn runs inline,
     * or when the append failed: the workflow then goes inline, and the message (in the activity's result) is not
     * lost.
     */
    TurnLogRef appendOrDetach(String tenant, String turnId, TurnLogRef log, Message message) {
        if (log == null) {
            return null;
        }
        try {
            return turnLog.append(tenant, turnId, log, message);
        } catch (TurnLogUnavailableException | UncheckedIOException e) {
            return null;
        }
    }
}
