package dev.talon.platform.worker;

import dev.talon.api.WorkspaceFileException;
import dev.talon.files.ConfinedTree;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code memory/MEMORY.md} (facts, replaced whole) and {@code memory/HISTORY.md} (append-only paragraphs that
 * start {@code [YYYY-MM-DD HH:MM]}) in the workspace, through the confined tree: the tenant's programs can write
 * there too, so a link or FIFO in their place is refused, never followed, and every read is capped.
 */
final class MemoryFiles {

    static final String MEMORY = "memory/MEMORY.md";
    static final String HISTORY = "memory/HISTORY.md";
    static final int MAX_ENTRY_CHARS = 8_000;
    static final int MAX_MEMORY_CHARS = 32_000;
    static final long MAX_HISTORY_BYTES = 16L * 1024 * 1024;
    private static final Pattern STAMPED = Pattern.compile("^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}]\\s.*", Pattern.DOTALL);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final ConfinedTree workspace;

    MemoryFiles(ConfinedTree workspace) {
        this.workspace = workspace;
    }

    /** The entry as one paragraph of HISTORY.md: the model's own stamp kept, else the time given. */
    static String historyEntry(String text, Instant now) {
        String paragraph = text.strip().replaceAll("\\n\\s*\\n", "\n");
        return STAMPED.matcher(paragraph).matches() ? paragraph : "[" + MINUTE.format(now) + "] " + paragraph;
    }

    String memory() {
        return read(MEMORY, 4L * MAX_MEMORY_CHARS).orElse("");
    }

    /** Appends the entry unless HISTORY.md already holds it (an earlier attempt's), and replaces MEMORY.md. */
    void apply(String entry, String memoryUpdate) {
        String history = read(HISTORY, MAX_HISTORY_BYTES).orElse("");
        if (!entry.isBlank() && !history.contains(entry)) {
            String separator = history.isEmpty() || history.endsWith("\n\n") ? "" : history.endsWith("\n") ? "\n" : "\n\n";
            write(HISTORY, history + separator + entry + "\n\n");
        }
        if (!memoryUpdate.isBlank() && !memoryUpdate.equals(memory())) {
            write(MEMORY, memoryUpdate);
        }
    }

    private Optional<String> read(String path, long maxBytes) {
        try {
            return workspace.readIfRegularFile(path, maxBytes).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        } catch (WorkspaceFileException e) {
            throw ApplicationFailure.newNonRetryableFailure(path + " cannot be read: " + e.getMessage(),
                    "MemoryUnavailable");
        }
    }

    private void write(String path, String content) {
        try {
            workspace.write(path, content.getBytes(StandardCharsets.UTF_8));
        } catch (WorkspaceFileException e) {
            throw ApplicationFailure.newNonRetryableFailure(path + " cannot be written: " + e.getMessage(),
                    "MemoryUnavailable");
        }
    }
}
