package dev.talon.plugins.web;

import dev.talon.api.Tool;
import dev.talon.api.ToolProvider;
import dev.talon.api.ToolSettings;
import java.util.List;
import org.pf4j.Extension;

/**
 * Web tools for the model, in the shape the nanobot agent family uses: {@code web_fetch} and {@code web_search}.
 * One plugin serves every tenant; what each may reach and which search service it uses are its tool settings
 * ({@link WebSettings}).
 */
@Extension
public class WebTools implements ToolProvider {

    private final List<Tool> tools = List.of(new WebFetchTool(NameLookup.SYSTEM, FetchLimits.DEFAULT),
            new WebSearchTool(new SearchHttp()));

    public WebTools() {
        // PF4J instantiates extensions through their public no-argument constructor
    }

    @Override
    public List<Tool> tools() {
        return tools;
    }

    @Override
    public List<String> validateSettings(ToolSettings settings) {
        return WebSettings.problems(settings);
    }
}
