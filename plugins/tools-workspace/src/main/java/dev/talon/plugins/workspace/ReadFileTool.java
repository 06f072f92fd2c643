package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.TextCut;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolSpec;
import dev.talon.api.WorkspaceFileException;
import java.nio.charset.StandardCharsets;

/** {@code read_file(path)}: the text of one file in the workspace. */
final class ReadFileTool implements Tool {

    static final long MAX_FILE_BYTES = 512 * 1024;
    /**
     * A memory guard, not what the LLM sees: the platform cuts every tool result to the tenant's
     * {@code limits.toolOutputChars} (at most 200,000) and keeps the whole result beside the workspace.
     */
    static final int MAX_OUTPUT_CHARS = 128_000;

    private static final ToolSpec SPEC = new ToolSpec(
            "read_file",
            "Read the contents of a text file in the workspace.",
            Schema.object().required("path", "The file to read, relative to the workspace").build());

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
        String path = "";
        try {
            path = Arguments.requiredString(arguments, "path");
            byte[] bytes = read(context, path);
            // Decoding with replacement rather than failing: a stray non-UTF-8 byte should not hide the rest.
            String content = new String(bytes, StandardCharsets.UTF_8);
            return ToolResult.ok(content.isEmpty() ? "(empty file)" : TextCut.withMarker(content, MAX_OUTPUT_CHARS));
        } catch (ToolFailure failure) {
            return failure.toResult();
        }
    }

    private static byte[] read(ToolContext context, String path) {
        try {
            return context.files().read(path, MAX_FILE_BYTES);
        } catch (WorkspaceFileException e) {
            throw ToolFailure.of(e, "File", "read", path);
        }
    }
}
