package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** {@code list_dir(path)}: the entries of one directory, sorted, directories marked with a trailing slash. */
final class ListDirTool implements Tool {

    // A directory of build output can hold far more names than a model should read.
    static final int MAX_ENTRIES = 1000;

    private static final ToolSpec SPEC = new ToolSpec(
            "list_dir",
            "List the contents of a directory in the workspace. Directories end with '/'.",
            Schema.object().optional("path", "The directory to list, relative to the workspace; default '.'").build());

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        String path = ".";
        try {
            path = Arguments.optionalString(arguments, "path", ".");
            if (path.isBlank()) {
                path = ".";
            }
            Path directory = new WorkspacePaths(context.workspace()).resolve(path);
            if (!Files.exists(directory)) {
                return ToolResult.error("Error: Directory not found: " + path);
            }
            if (!Files.isDirectory(directory)) {
                return ToolResult.error("Error: Not a directory: " + path);
            }
            List<String> entries;
            try (Stream<Path> children = Files.list(directory)) {
                entries = children.map(ListDirTool::entry).sorted().toList();
            }
            return ToolResult.ok(format(entries));
        } catch (ToolFailure failure) {
            return failure.toResult();
        } catch (IOException e) {
            return ToolResult.error("Error: Cannot list " + path + ": " + e.getMessage());
        }
    }

    private static String entry(Path child) {
        String name = child.getFileName().toString();
        return Files.isDirectory(child) ? name + "/" : name;
    }

    private static String format(List<String> entries) {
        if (entries.isEmpty()) {
            return "(empty)";
        }
        if (entries.size() <= MAX_ENTRIES) {
            return String.join("\n", entries);
        }
        return String.join("\n", entries.subList(0, MAX_ENTRIES))
                + "\n... (truncated, " + (entries.size() - MAX_ENTRIES) + " more entries)";
    }
}
