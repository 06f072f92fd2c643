package dev.talon.plugins.shell;

import dev.talon.api.Tool;
import dev.talon.api.ToolProvider;
import java.util.List;
import org.pf4j.Extension;

/** The nanobot {@code exec} tool: shell commands run through the tenant's exec backend. */
@Extension
public class ShellTools implements ToolProvider {

    private final List<Tool> tools = List.of(new ExecTool());

    public ShellTools() {
        // PF4J instantiates extensions through their public no-argument constructor
    }

    @Override
    public List<Tool> tools() {
        return tools;
    }
}
