package dev.talon.platform.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reading and writing the session and the turn log on the workspace volume. */
@ActivityInterface
public interface ConversationActivities {

    /** Loads history, memory and bootstrap files, builds the prompt and starts the turn log; safe to run again. */
    @ActivityMethod(name = "BuildPrompt")
    Prompt buildPrompt(BuildPromptInput input);

    /**
     * Appends the turn to the session file once (a repeat with the same turn id changes nothing), then removes
     * the turn log. Fails with type {@link TurnLogFailures#UNAVAILABLE} when the log cannot be read.
     */
    @ActivityMethod(name = "RecordTurn")
    boolean recordTurn(RecordTurnInput input);

    /** Removes the turn log of a turn that failed. */
    @ActivityMethod(name = "DiscardTurnLog")
    void discardTurnLog(DiscardTurnLogInput input);
}
