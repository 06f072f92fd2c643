package dev.talon.platform.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps tool output that is too long for the LLM (and for Temporal payloads, which must stay under 2 MB) in
 * a file in the tenant's workspace, and gives the LLM the head of it with a marker naming the file.
 */
final class LongToolOutput {

    /** The most characters of one tool result that the LLM, the turn log and workflow history get. */
    static final int LIMIT = 16_000;
    static final String FOLDER = ".tool-outputs";

    private LongToolOutput() {
    }

    /** The content as is when short; else its head, a marker, and the whole text saved in the workspace. */
    static String cut(Path workspace, String turnId, int step, String callId, String content) {
        if (content.length() <= LIMIT) {
            return content;
        }
        String name = FOLDER + "/" + turnId + "/" + step + "-" + callId.replaceAll("[^A-Za-z0-9._-]", "_") + ".txt";
        Path file = workspace.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the long output of " + callId + " in " + file, e);
        }
        return content.substring(0, LIMIT) + "\n... (output cut at " + LIMIT + " of " + content.length()
                + " characters; the whole output is in " + name + " in the workspace)";
    }
}
