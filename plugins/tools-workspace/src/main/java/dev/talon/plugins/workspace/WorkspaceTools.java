package dev.talon.plugins.workspace;

import dev.talon.api.Tool;
import dev.talon.api.ToolProvider;
import java.util.List;
import org.pf4j.Extension;

/**
 * File tools for the model, in the shape the nanobot agent family uses: {@code read_file}, {@code write_file},
 * {@code edit_file}, {@code list_dir}, and {@code memory_search} over {@code memory/HISTORY.md}. Every path is
 * relative to the tenant workspace and confined to it by the platform's {@link dev.talon.api.WorkspaceFiles} (no link followed, no race with the tenant's programs).
 */
@Extension
public class WorkspaceTools implements ToolProvider {

    private final List<Tool> tools = List.of(new ReadFileTool(), new WriteFileTool(), new EditFileTool(),
            new ListDirTool(), new MemorySearchTool());

    public WorkspaceTools() {
        // PF4J instantiates extensions through their public no-argument constructor
    }

    @Override
    public List<Tool> tools() {
        return tools;
    }
}
