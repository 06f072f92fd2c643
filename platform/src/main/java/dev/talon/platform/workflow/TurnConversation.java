package dev.talon.platform.workflow;

import dev.talon.api.AssistantMessage;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.UserMessage;
import dev.talon.platform.data.TurnLogRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation of one running turn as the workflow sees it, and the only owner of "turn log or inline": a
 * {@link TurnLogRef} while the log on the workspace volume holds the conversation, or the messages themselves
 * once the log is lost (or when {@code BuildPrompt} returned no log at all, as the inline benchmark's activities
 * do). Activity inputs get what this object hands them; whether to go inline is decided here, in
 * {@link #goInline()}, and nowhere else. Workflow code: deterministic, every side effect an activity.
 */
final class TurnConversation {

    private final ConversationActivities activities;
    private final TurnRequest request;
    private final Prompt prompt;
    /** The turn log's state; null once the turn runs inline. */
    private TurnLogRef log;
    /** The whole conversation, only kept when running inline. */
    private List<Message> inline;
    private int promptSize;
    /** What this turn adds to the session: the user message, replies, tool results. */
    private final List<Message> turnMessages = new ArrayList<>();

    /** Builds the prompt: into a turn log, unless the activities answer with the messages inline. */
    TurnConversation(ConversationActivities activities, TurnRequest request) {
        this.activities = activities;
        this.request = request;
        this.prompt = activities.buildPrompt(promptInput(false));
        this.log = prompt.log();
        this.inline = log == null ? new ArrayList<>(prompt.messages()) : null;
        this.promptSize = log == null ? prompt.messages().size() : log.count();
        turnMessages.add(new UserMessage(prompt.userMessage() == null ? request.message() : prompt.userMessage()));
    }

    Prompt prompt() {
        return prompt;
    }

    LlmChatInput chatInput(int step) {
        return new LlmChatInput(request.tenant(), request.session(), request.turnId(), step, log,
                inline == null ? List.of() : List.copyOf(inline), request.depth());
    }

    ExecuteToolInput toolInput(int step, ToolCall call, String denial) {
        return new ExecuteToolInput(request.tenant(), request.session(), request.turnId(), step, call, log, denial);
    }

    /** A call the workflow ran itself (spawn): the activity only appends its result. */
    ExecuteToolInput platformToolInput(int step, ToolCall call, String result, boolean error) {
        return new ExecuteToolInput(request.tenant(), request.session(), request.turnId(), step, call, log, null,
                result, error);
    }

    /**
     * Takes a step's message: with the log the activity appended it to ({@code logAfter}), or null when it could
     * not append it (or nothing did, like a tool that could not run): then the turn goes inline.
     */
    void added(Message message, TurnLogRef logAfter) {
        turnMessages.add(message);
        if (inline != null) {
            inline.add(message);
        } else if (logAfter == null) {
            goInline();
        } else {
            log = logAfter;
        }
    }

    /** A message the workflow itself adds at the end of the turn (no activity wrote it anywhere). */
    void addOwn(Message message) {
        turnMessages.add(message);
    }

    /** An LLM call failed: true when it failed for want of the turn log, and the turn now runs inline. */
    boolean wentInlineAfter(ActivityFailure failure) {
        if (log == null || !isTurnLogUnavailable(failure)) {
            return false;
        }
        goInline();
        return true;
    }

    /**
     * Records the turn: from the turn log (the user message is the prompt's last line) plus the workflow's own
     * messages, or everything inline when the turn ran inline or the log is gone by now.
     */
    void record(List<Message> ownMessages) {
        if (log != null) {
            try {
                activities.recordTurn(new RecordTurnInput(request.tenant(), request.session(), request.turnId(),
                        log, promptSize - 1, ownMessages));
                return;
            } catch (ActivityFailure failure) {
                if (!isTurnLogUnavailable(failure)) {
                    throw failure;
                }
            }
        }
        activities.recordTurn(inlineRecord(turnMessages));
    }

    /**
     * A cancelled turn keeps what it did; calls left without a result get one, so the session stays valid. Calls
     * run in the reply's order, so the results after the reply answer its first calls: matched by place, not by the
     * model's ids, which may repeat.
     */
    void recordCancelled() {
        List<Message> done = new ArrayList<>(turnMessages);
        int reply = lastAssistantWithCalls(done);
        if (reply >= 0) {
            List<ToolCall> calls = ((AssistantMessage) done.get(reply)).toolCalls();
            long answered = done.subList(reply + 1, done.size()).stream()
                    .filter(ToolResultMessage.class::isInstance).count();
            for (ToolCall call : calls.subList((int) Math.min(answered, calls.size()), calls.size())) {
                done.add(new ToolResultMessage(call.id(), call.name(), "Error: the turn was cancelled", true));
            }
        }
        done.add(AssistantMessage.text("(cancelled)"));
        activities.recordTurn(inlineRecord(done));
        discardLog();
    }

    void discardLog() {
        activities.discardTurnLog(new DiscardTurnLogInput(request.tenant(), request.turnId()));
    }

    /** The turn log is gone or does not match: rebuild the prompt inline and add what this turn did so far. */
    private void goInline() {
        Prompt rebuilt = activities.buildPrompt(promptInput(true));
        inline = new ArrayList<>(rebuilt.messages());
        promptSize = inline.size();
        inline.addAll(turnMessages.subList(1, turnMessages.size()));
        log = null;
    }

    private RecordTurnInput inlineRecord(List<Message> messages) {
        return new RecordTurnInput(request.tenant(), request.session(), request.turnId(), null, 0,
                List.copyOf(messages));
    }

    private BuildPromptInput promptInput(boolean inlinePrompt) {
        return new BuildPromptInput(request.tenant(), request.session(), request.turnId(), request.message(),
                inlinePrompt, request.origin());
    }

    /** The index of the last reply that asked for tool calls, or -1. */
    private static int lastAssistantWithCalls(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof AssistantMessage assistant && assistant.hasToolCalls()) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isTurnLogUnavailable(ActivityFailure failure) {
        return failure.getCause() instanceof ApplicationFailure application
                && TurnLogFailures.UNAVAILABLE.equals(application.getType());
    }
}
