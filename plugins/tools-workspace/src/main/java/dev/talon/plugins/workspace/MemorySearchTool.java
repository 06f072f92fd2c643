package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.TextCut;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import dev.talon.api.WorkspaceFileException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code memory_search(query)}: the paragraphs of {@code memory/HISTORY.md} (one per consolidated stretch of
 * conversation, each starting {@code [YYYY-MM-DD HH:MM]}) that contain every word of the query, ignoring case;
 * the most recent ones when there are many.
 */
final class MemorySearchTool implements Tool {

    static final String HISTORY = "memory/HISTORY.md";
    static final long MAX_HISTORY_BYTES = 16L * 1024 * 1024;
    static final int MAX_MATCHES = 20;
    static final int MAX_OUTPUT_CHARS = 16_000;
    private static final int MAX_QUERY_CHARS = 500;

    private static final ToolSpec SPEC = new ToolSpec(
            "memory_search",
            "Search the history of earlier conversations (memory/HISTORY.md) for entries containing every word "
                    + "of the query, ignoring case. Returns the most recent matching entries.",
            Schema.object().required("query", "Words to look for, e.g. a name, a topic or a date like 2026-03").build());

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolEffect effect() {
        return ToolEffect.READ_ONLY;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        try {
            String query = Arguments.requiredString(arguments, "query").strip();
            if (query.isEmpty() || query.length() > MAX_QUERY_CHARS) {
                return ToolResult.error("Error: query must have 1 to " + MAX_QUERY_CHARS + " characters");
            }
            List<String> words = Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\s+")).toList();
            String history = read(context);
            if (history == null) {
                return ToolResult.ok("No history yet: " + HISTORY + " does not exist.");
            }
            List<String> matches = new ArrayList<>();
            for (String paragraph : history.split("\\n\\s*\\n")) {
                String lower = paragraph.toLowerCase(Locale.ROOT);
                if (!paragraph.isBlank() && words.stream().allMatch(lower::contains)) {
                    matches.add(paragraph.strip());
                }
            }
            if (matches.isEmpty()) {
                return ToolResult.ok("No history entry matches: " + query);
            }
            List<String> shown = matches.subList(Math.max(0, matches.size() - MAX_MATCHES), matches.size());
            String header = shown.size() == matches.size() ? matches.size() + " matching entries:\n\n"
                    : "The " + shown.size() + " most recent of " + matches.size() + " matching entries:\n\n";
            return ToolResult.ok(TextCut.withMarker(header + String.join("\n\n", shown), MAX_OUTPUT_CHARS));
        } catch (ToolFailure failure) {
            return failure.toResult();
        }
    }

    /** The history's text, or null when there is none; a link or FIFO in its place is refused, not followed. */
    private static String read(ToolContext context) {
        try {
            return new String(context.files().read(HISTORY, MAX_HISTORY_BYTES), StandardCharsets.UTF_8);
        } catch (WorkspaceFileException e) {
            if (e.problem() == WorkspaceFileException.Problem.NOT_FOUND) {
                return null;
            }
            throw ToolFailure.of(e, "File", "read", HISTORY);
        }
    }
}
