package dev.talon.platform.schedule;

import dev.talon.api.WorkspaceFileException;
import dev.talon.api.WorkspaceFiles;
import dev.talon.platform.tenant.Heartbeat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What one beat of a tenant's heartbeat asks the model, decided in {@code BuildPrompt} (an activity: it reads the
 * workspace and the clock): nothing in quiet hours, nothing when {@code HEARTBEAT.md} is missing or holds no task
 * (only headings, comments and blank lines), otherwise the file followed by what a heartbeat is. The file is read
 * through the confined workspace (no link followed, capped).
 */
public final class HeartbeatPrompt {

    public static final String FILE = "HEARTBEAT.md";
    /** The most of HEARTBEAT.md a beat reads; a larger file is refused, not cut. */
    static final int MAX_BYTES = 64 * 1024;
    /** What the schedule's fixed request says; the prompt replaces it with the file and this instruction. */
    public static final String REQUEST = "(heartbeat)";
    static final String INSTRUCTION = "---\n[Heartbeat] Above is HEARTBEAT.md from your workspace, read now for a "
            + "periodic check. Do what it asks that is due now. If nothing needs attention, reply with exactly "
            + "HEARTBEAT_OK and nothing else.";

    /** A beat's verdict: skip it, saying why, or ask the model this. */
    public sealed interface Beat {
    }

    public record Skip(String reason) implements Beat {
    }

    public record Ask(String message) implements Beat {
    }

    private HeartbeatPrompt() {
    }

    public static Beat beat(Heartbeat heartbeat, WorkspaceFiles workspace, Instant now) {
        if (heartbeat.quietHours() != null && heartbeat.quietHours().contains(now)) {
            return new Skip("quiet hours (" + heartbeat.quietHours().start() + "-" + heartbeat.quietHours().end()
                    + " " + heartbeat.quietHours().timezone() + ")");
        }
        String text;
        try {
            text = new String(workspace.read(FILE, MAX_BYTES), StandardCharsets.UTF_8);
        } catch (WorkspaceFileException e) {
            return new Skip(switch (e.problem()) {
                case NOT_FOUND -> FILE + " is missing";
                case TOO_LARGE -> FILE + " is larger than " + MAX_BYTES + " bytes";
                default -> FILE + " cannot be read: it is not a regular file";
            });
        }
        if (!hasTask(text)) {
            return new Skip(FILE + " holds no task");
        }
        return new Ask(text.strip() + "\n\n" + INSTRUCTION);
    }

    /** Whether any line is more than a heading, a comment or an empty checkbox. */
    static boolean hasTask(String text) {
        boolean inComment = false;
        for (String line : text.lines().map(String::strip).toList()) {
            if (inComment) {
                inComment = !line.contains("-->");
                continue;
            }
            if (line.startsWith("<!--")) {
                inComment = !line.contains("-->");
                continue;
            }
            if (line.isEmpty() || line.startsWith("#") || line.equals("- [ ]") || line.equals("* [ ]")) {
                continue;
            }
            return true;
        }
        return false;
    }
}
