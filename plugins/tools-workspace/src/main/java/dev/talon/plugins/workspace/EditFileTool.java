package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.TextCut;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolSpec;
import dev.talon.api.WorkspaceFileException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code edit_file(path, old_text, new_text)}: replaces one exact, unique piece of a file. Uniqueness is
 * required so the model never changes a place it did not mean; a second run after success fails harmlessly
 * because the old text is gone.
 */
final class EditFileTool implements Tool {

    // The hint quotes file lines; a huge window would flood the model's context.
    private static final int MAX_HINT_CHARS = 2000;
    /** The whole file is held in memory (twice, while the new text is built): bounded like read_file's. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final ToolSpec SPEC = new ToolSpec(
            "edit_file",
            "Edit a file in the workspace by replacing old_text with new_text. old_text must match exactly once,"
                    + " including whitespace.",
            Schema.object()
                    .required("path", "The file to edit, relative to the workspace")
                    .required("old_text", "The exact text to replace; it must occur exactly once in the file")
                    .required("new_text", "The text to put in its place")
                    .build());

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** A second run finds the new text, not the old: not a repeat of the first. */
    @Override
    public ToolEffect effect() {
        return ToolEffect.SIDE_EFFECTS;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        String path = "";
        try {
            path = Arguments.requiredString(arguments, "path");
            String oldText = Arguments.requiredString(arguments, "old_text");
            String newText = Arguments.requiredString(arguments, "new_text");
            if (oldText.isEmpty()) {
                return ToolResult.error("Error: Argument 'old_text' must not be empty");
            }
            String content = readText(context, path);
            int matches = countOccurrences(content, oldText);
            if (matches == 0) {
                return ToolResult.error(notFound(path, content, oldText));
            }
            if (matches > 1) {
                return ToolResult.error("Error: old_text appears " + matches + " times in " + path
                        + ". Include more surrounding context in old_text so that it matches exactly once.");
            }
            int at = content.indexOf(oldText);
            String edited = content.substring(0, at) + newText + content.substring(at + oldText.length());
            WriteFileTool.write(context, path, edited.getBytes(StandardCharsets.UTF_8));
            return ToolResult.ok("Edited " + path);
        } catch (ToolFailure failure) {
            return failure.toResult();
        }
    }

    private static String readText(ToolContext context, String path) {
        byte[] bytes;
        try {
            bytes = context.files().read(path, MAX_FILE_BYTES);
        } catch (WorkspaceFileException e) {
            throw ToolFailure.of(e, "File", "edit", path);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // Rewriting a file that is not UTF-8 through a String would corrupt it, so refuse.
            throw new ToolFailure("Cannot edit " + path + ": it is not UTF-8 text");
        }
    }

    // Overlapping matches count too: in "aaa", "aa" is ambiguous, so it must not pass as unique.
    private static int countOccurrences(String content, String text) {
        int count = 0;
        for (int at = content.indexOf(text); at >= 0; at = content.indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    private static String notFound(String path, String content, String oldText) {
        String message = "Error: old_text not found in " + path + ".";
        Optional<SimilarText.Match> similar = SimilarText.find(content, oldText);
        if (similar.isEmpty()) {
            return message + " No similar text found; read the file and copy the exact text to replace.";
        }
        SimilarText.Match match = similar.get();
        String lines = match.firstLine() == match.lastLine()
                ? "line " + match.firstLine()
                : "lines " + match.firstLine() + "-" + match.lastLine();
        return message + " The most similar text is at " + lines + ":\n" + TextCut.withMarker(match.text(), MAX_HINT_CHARS);
    }
}
