package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolSpec;
import dev.talon.api.WorkspaceEntry;
import dev.talon.api.WorkspaceFileException;
import java.nio.charset.StandardCharsets;

/** {@code write_file(path, content)}: creates or replaces a whole file, making its folders as needed. */
final class WriteFileTool implements Tool {

    /** The most one call writes: a file this size is a build artefact, not something a model types. */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private static final ToolSpec SPEC = new ToolSpec(
            "write_file",
            "Write content to a file in the workspace, replacing it if it exists. Creates parent directories.",
            Schema.object()
                    .required("path", "The file to write, relative to the workspace")
                    .required("content", "The complete new content of the file")
                    .build());

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** Writes the whole file: a second run leaves the same file. */
    @Override
    public ToolEffect effect() {
        return ToolEffect.IDEMPOTENT;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        String path = "";
        try {
            path = Arguments.requiredString(arguments, "path");
            byte[] bytes = Arguments.requiredString(arguments, "content").getBytes(StandardCharsets.UTF_8);
            if (bytes.length > MAX_FILE_BYTES) {
                return ToolResult.error("Error: Content too large: " + bytes.length + " bytes, the limit is "
                        + MAX_FILE_BYTES + " bytes; write it in parts or generate it with a command");
            }
            write(context, path, bytes);
            return ToolResult.ok("Wrote " + bytes.length + " bytes to " + path);
        } catch (ToolFailure failure) {
            return failure.toResult();
        }
    }

    /** Also what edit_file writes with: a link at the path is refused rather than silently replaced. */
    static void write(ToolContext context, String path, byte[] bytes) {
        try {
            if (context.files().kind(path) == WorkspaceEntry.Kind.LINK) {
                throw new ToolFailure("Refused: " + path + " is a symbolic link, and links in the workspace are"
                        + " not followed; write to the file it names instead");
            }
            context.files().write(path, bytes);
        } catch (WorkspaceFileException e) {
            throw ToolFailure.of(e, "File", "write", path);
        }
    }
}
