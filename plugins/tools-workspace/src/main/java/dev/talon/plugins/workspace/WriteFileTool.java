package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code write_file(path, content)}: creates or replaces a whole file, making its folders as needed. */
final class WriteFileTool implements Tool {

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

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        String path = "";
        try {
            path = Arguments.requiredString(arguments, "path");
            String content = Arguments.requiredString(arguments, "content");
            Path file = new WorkspacePaths(context.workspace()).resolve(path);
            if (Files.isDirectory(file)) {
                return ToolResult.error("Error: Is a directory: " + path);
            }
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, bytes);
            return ToolResult.ok("Wrote " + bytes.length + " bytes to " + path);
        } catch (ToolFailure failure) {
            return failure.toResult();
        } catch (FileAlreadyExistsException e) {
            return ToolResult.error("Error: Cannot write " + path + ": " + e.getFile() + " exists and is not a directory");
        } catch (IOException e) {
            return ToolResult.error("Error: Cannot write " + path + ": " + e.getMessage());
        }
    }
}
