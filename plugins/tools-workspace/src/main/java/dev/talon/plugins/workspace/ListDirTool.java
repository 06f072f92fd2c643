package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolSpec;
import dev.talon.api.WorkspaceEntry;
import dev.talon.api.WorkspaceFileException;
import dev.talon.api.WorkspaceFiles.DirectoryListing;

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
    public ToolEffect effect() {
        return ToolEffect.READ_ONLY;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        String path = ".";
        try {
            path = Arguments.optionalString(arguments, "path", ".");
            if (path.isBlank()) {
                path = ".";
            }
            try {
                return ToolResult.ok(format(context.files().list(path, MAX_ENTRIES)));
            } catch (WorkspaceFileException e) {
                throw ToolFailure.of(e, "Directory", "list", path);
            }
        } catch (ToolFailure failure) {
            return failure.toResult();
        }
    }

    private static String format(DirectoryListing listing) {
        if (listing.entries().isEmpty()) {
            return "(empty)";
        }
        String names = String.join("\n", listing.entries().stream().map(ListDirTool::entry).toList());
        return listing.truncated()
                ? names + "\n... (truncated, " + (listing.total() - listing.entries().size()) + " more entries)"
                : names;
    }

    // Links are listed by their own name, never followed, so a link to a directory has no slash.
    private static String entry(WorkspaceEntry entry) {
        return entry.isDirectory() ? entry.name() + "/" : entry.name();
    }
}
