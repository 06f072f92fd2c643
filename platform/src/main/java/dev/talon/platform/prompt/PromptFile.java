package dev.talon.platform.prompt;

import dev.talon.api.TextCut;
import dev.talon.api.WorkspaceFileException;
import dev.talon.files.ConfinedTree;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A file the tenant's programs may have written, as a section of the system prompt. A link (to
 * /proc/self/environ, to another tenant's session), a FIFO or a directory in its place is left out, never
 * followed or opened; a huge one is cut, not read whole.
 */
final class PromptFile {

    static final int MAX_CHARS = 32_000;
    /** Four bytes a character at most: enough for the characters kept, and a cap on what is read at all. */
    static final long MAX_BYTES = 4L * MAX_CHARS;

    private PromptFile() {
    }

    /** True when the file was there (and its section appended, whole, cut or as a note that it is too large). */
    static boolean append(StringBuilder prompt, String heading, ConfinedTree tree, String name) {
        Optional<byte[]> content;
        try {
            content = tree.readIfRegularFile(name, MAX_BYTES);
        } catch (WorkspaceFileException e) {
            if (e.problem() != WorkspaceFileException.Problem.TOO_LARGE) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
            prompt.append("\n\n").append(heading).append("\n\n(").append(name).append(" is larger than ")
                    .append(MAX_BYTES).append(" bytes and was left out; shorten it)");
            return true;
        }
        if (content.isEmpty()) {
            return false;
        }
        String text = new String(content.get(), StandardCharsets.UTF_8);
        if (text.length() > MAX_CHARS) {
            text = TextCut.head(text, MAX_CHARS) + "\n... (truncated)";
        }
        prompt.append("\n\n").append(heading).append("\n\n").append(text.strip());
        return true;
    }
}
