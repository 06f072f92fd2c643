package dev.talon.plugins.scripted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.LlmException;
import dev.talon.api.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The commands of the latest user message, when no tool results are waiting for a summary. */
final class Script {

    private static final Pattern CALL = Pattern.compile("/call\\s+(\\S+)\\s*(.*)");

    // "{} junk" must be an error, not silently {}
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Script() {
    }

    /**
     * The commands that start the message (/say, /recall, /prompt, /fail) own the whole message, so that text after
     * them may contain anything, even a line starting with /call. Otherwise /call lines, otherwise an echo.
     */
    static AssistantMessage answer(Turn turn) throws LlmException {
        String message = turn.request();
        if (startsWithCommand(message, "/say")) {
            return AssistantMessage.text(afterCommand(message, "/say"));
        }
        if (startsWithCommand(message, "/recall")) {
            String word = afterCommand(message, "/recall").strip();
            return AssistantMessage.text(turn.recall(word).orElse("I don't recall anything about " + word + "."));
        }
        if (startsWithCommand(message, "/prompt")) {
            return AssistantMessage.text(turn.systemPrompt());
        }
        if (startsWithCommand(message, "/fail")) {
            throw LlmException.permanent("scripted failure: " + afterCommand(message, "/fail").strip(), 400);
        }
        return toolCalls(turn);
    }

    private static AssistantMessage toolCalls(Turn turn) {
        String message = turn.request();
        List<ToolCall> calls = new ArrayList<>();
        for (String line : message.lines().toList()) {
            Matcher call = CALL.matcher(line.strip());
            if (!call.matches()) {
                continue;
            }
            String tool = call.group(1);
            String args = call.group(2).isBlank() ? "{}" : call.group(2);
            JsonNode arguments;
            try {
                arguments = JSON.readTree(args);
            } catch (JsonProcessingException e) {
                return cannotParse(tool, e.getOriginalMessage());
            }
            if (!arguments.isObject()) {
                return cannotParse(tool, "expected a JSON object, got " + arguments.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            // ids only need to be unique within the turn; the round keeps two rounds apart
            calls.add(new ToolCall("call_" + turn.round() + "_" + (calls.size() + 1), tool, arguments));
        }
        return calls.isEmpty() ? AssistantMessage.text("echo: " + message) : new AssistantMessage("", calls);
    }

    private static AssistantMessage cannotParse(String tool, String reason) {
        return AssistantMessage.text("scripted: cannot parse the arguments of /call " + tool + ": " + reason);
    }

    private static boolean startsWithCommand(String message, String command) {
        return message.startsWith(command)
                && (message.length() == command.length() || Character.isWhitespace(message.charAt(command.length())));
    }

    // Drops the command and the one space or newline after it; the rest is kept exactly.
    private static String afterCommand(String message, String command) {
        return message.length() == command.length() ? "" : message.substring(command.length() + 1);
    }
}
