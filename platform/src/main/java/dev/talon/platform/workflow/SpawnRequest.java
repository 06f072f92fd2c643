package dev.talon.platform.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The arguments of a {@code spawn} call, checked: the LLM wrote them, so every field is hostile until read here.
 * A label becomes part of a session id (a file name) and a turn id, hence its narrow charset.
 *
 * @param task  what the subagent is asked, its user message
 * @param label a short name: the subagent's session is {@code subagent.{parent session}.{label}}
 * @param await true: the parent's turn waits and the answer is the tool result; false: it runs in the background
 */
public record SpawnRequest(String task, String label, boolean await) {

    /** The tool's name, as the LLM sees it. */
    public static final String TOOL = "spawn";
    public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    public static final int MAX_TASK_CHARS = 16_000;
    private static final Set<String> FIELDS = Set.of("task", "label", "wait");

    /**
     * @throws IllegalArgumentException with a message the LLM can act on
     */
    static SpawnRequest parse(JsonNode arguments) {
        if (arguments == null || !arguments.isObject()) {
            throw new IllegalArgumentException("spawn needs an object {task, label, wait?}");
        }
        for (Iterator<String> names = arguments.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("spawn has no argument '" + cut(name) + "'; it takes task, label"
                        + " and wait");
            }
        }
        JsonNode task = arguments.path("task");
        if (!task.isTextual() || task.asText().isBlank()) {
            throw new IllegalArgumentException("spawn needs a task: the text the subagent is asked");
        }
        if (task.asText().length() > MAX_TASK_CHARS) {
            throw new IllegalArgumentException("the task is longer than " + MAX_TASK_CHARS + " characters");
        }
        JsonNode label = arguments.path("label");
        if (!label.isTextual() || !LABEL.matcher(label.asText()).matches()) {
            throw new IllegalArgumentException("spawn needs a label of 1 to 32 letters, digits, '-' or '_', starting"
                    + " with a letter or digit");
        }
        JsonNode wait = arguments.path("wait");
        if (!wait.isMissingNode() && !wait.isNull() && !wait.isBoolean()) {
            throw new IllegalArgumentException("wait must be true or false");
        }
        return new SpawnRequest(task.asText(), label.asText(), wait.asBoolean(false));
    }

    private static String cut(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
