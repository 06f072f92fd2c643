package dev.talon.plugins.scripted;

import dev.talon.api.AssistantMessage;
import dev.talon.api.LlmException;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.TextCut;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The conversation seen from its latest user message: what was asked, and what happened since.
 *
 * @param messages  the whole conversation, oldest first
 * @param userIndex where the latest user message is
 */
record Turn(List<Message> messages, int userIndex) {

    private static final int MAX_LINE = 200;

    static Turn of(List<Message> messages) throws LlmException {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage) {
                return new Turn(messages, i);
            }
        }
        throw LlmException.permanent("scripted: the conversation has no user message", 400);
    }

    /** The latest user message's text. */
    String request() {
        return messages.get(userIndex).content();
    }

    /** 1 for the model's first answer to the latest user message, 2 after one round of tool calls... */
    int round() {
        int answers = 0;
        for (Message message : since()) {
            answers += message instanceof AssistantMessage ? 1 : 0;
        }
        return answers + 1;
    }

    /** True when tools already ran for this user message and their results are waiting for an answer. */
    boolean awaitsSummary() {
        List<Message> since = since();
        boolean calledTools = since.stream().anyMatch(m -> m instanceof AssistantMessage a && a.hasToolCalls());
        return calledTools && !since.isEmpty() && since.getLast() instanceof ToolResultMessage;
    }

    /** One line per tool result of the latest round, i.e. the results the conversation ends with. */
    String summary() {
        List<String> lines = new ArrayList<>();
        for (int i = messages.size() - 1; i > userIndex; i--) {
            if (!(messages.get(i) instanceof ToolResultMessage result)) {
                break;
            }
            String prefix = result.error() ? "error in " + result.name() : result.name();
            lines.addFirst(prefix + ": " + firstLine(result.content()));
        }
        return String.join("\n", lines);
    }

    /** The most recent user message before the latest one that contains the word, ignoring case. */
    Optional<String> recall(String word) {
        String needle = word.toLowerCase(Locale.ROOT);
        for (int i = userIndex - 1; i >= 0; i--) {
            // earlier /recall questions contain the word too, but they are questions, not memories
            if (messages.get(i) instanceof UserMessage(String text) && !text.startsWith("/recall ")
                    && text.toLowerCase(Locale.ROOT).contains(needle)) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /** The system message the platform sent, as the model received it; empty when there was none. */
    String systemPrompt() {
        return messages.stream().filter(m -> m instanceof SystemMessage).map(Message::content).findFirst().orElse("");
    }

    private List<Message> since() {
        return messages.subList(userIndex + 1, messages.size());
    }

    private static String firstLine(String content) {
        return TextCut.head(content.lines().findFirst().orElse(""), MAX_LINE);
    }
}
