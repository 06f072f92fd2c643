package dev.talon.testkit;

import java.util.OptionalLong;

/**
 * One activity of a turn workflow.
 *
 * @param type           BuildPrompt, LlmChat, ExecuteTool, RecordTurn...
 * @param ordinal        1 for the first activity of this type in the workflow, 2 for the second... (for LlmChat
 *                       this is the step)
 * @param activityId     Temporal's activity id
 * @param state          where it stands
 * @param attempt        the latest attempt that started (or, while scheduled for a retry, the coming one)
 * @param workerIdentity the identity of the worker that started the latest attempt, {@code <pid>@<host>} by
 *                       default; empty when none started yet
 */
public record ActivityRun(String type, int ordinal, String activityId, RunState state, int attempt,
                          String workerIdentity) {

    /** The pid in the SDK's default identity {@code <pid>@<host>}. */
    public OptionalLong workerPid() {
        return pidOf(workerIdentity);
    }

    static OptionalLong pidOf(String identity) {
        int at = identity == null ? -1 : identity.indexOf('@');
        if (at <= 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(identity.substring(0, at)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        return type + "#" + ordinal + " " + state + " attempt " + attempt
                + (workerIdentity.isEmpty() ? "" : " on " + workerIdentity);
    }
}
