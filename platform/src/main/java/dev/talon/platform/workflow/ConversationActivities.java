package dev.talon.platform.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reading and writing the session on the workspace volume. */
@ActivityInterface
public interface ConversationActivities {

    /** Loads history, memory and bootstrap files and builds the prompt; safe to run again. */
    @ActivityMethod(name = "BuildPrompt")
    Prompt buildPrompt(BuildPromptInput input);

    /** Appends the turn to the session file once: a repeat with the same turn id changes nothing. */
    @ActivityMethod(name = "RecordTurn")
    boolean recordTurn(RecordTurnInput input);
}
