package dev.talon.plugins.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSettings;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolSpec;
import java.util.List;

/**
 * {@code web_search(query, count)}: titles, URLs and snippets from the search service the tenant's settings choose
 * (Brave Search or a SearXNG), one result per numbered entry.
 */
final class WebSearchTool implements Tool {

    private final SearchHttp http;
    private final ToolSpec spec;

    WebSearchTool(SearchHttp http) {
        this.http = http;
        this.spec = new ToolSpec("web_search", "Search the web. Returns titles, URLs and snippets.", schema());
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    /** A query to the search service. */
    @Override
    public ToolEffect effect() {
        return ToolEffect.READ_ONLY;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        try {
            String query = WebArguments.requiredString(arguments, "query");
            int count = WebArguments.optionalInt(arguments, "count", 5, 1, 10);
            SearchProvider provider = provider(context.settings());
            List<SearchHit> hits = provider.search(query, count);
            return ToolResult.ok(format(query, provider.name(), hits));
        } catch (WebToolFailure e) {
            return e.toResult();
        }
    }

    private SearchProvider provider(ToolSettings settings) {
        try {
            String name = settings.string(WebSettings.SEARCH_PROVIDER).orElseThrow(() -> new WebToolFailure(
                    "web_search is not set up for this tenant (no searchProvider in its tools-web settings)"));
            return switch (name) {
                case "brave" -> new BraveSearch(settings.string(WebSettings.BRAVE_URL).orElse(BraveSearch.DEFAULT_URL),
                        braveKey(settings), http);
                case "searxng" -> new SearxngSearch(settings.string(WebSettings.SEARXNG_URL).orElseThrow(
                        () -> new WebToolFailure("web_search is not set up for this tenant (searxngUrl is missing)")),
                        http);
                default -> throw new WebToolFailure("web_search is not set up for this tenant (unknown searchProvider '"
                        + name + "')");
            };
        } catch (IllegalArgumentException e) {
            throw new WebToolFailure("web_search is misconfigured for this tenant: " + e.getMessage());
        }
    }

    private static String braveKey(ToolSettings settings) {
        try {
            return settings.secret(WebSettings.BRAVE_API_KEY).orElseThrow(() -> new WebToolFailure(
                    "web_search is not set up for this tenant: braveApiKey is missing"));
        } catch (IllegalStateException e) {
            // names the variable or file, never a key
            throw new WebToolFailure("web_search cannot read the Brave API key: " + e.getMessage());
        }
    }

    static String format(String query, String service, List<SearchHit> hits) {
        if (hits.isEmpty()) {
            return "No results for: " + query;
        }
        StringBuilder text = new StringBuilder("Results for: ").append(query).append(" (").append(service).append(")\n");
        for (int i = 0; i < hits.size(); i++) {
            SearchHit hit = hits.get(i);
            text.append('\n').append(i + 1).append(". ").append(hit.title()).append("\n   ").append(hit.url());
            if (!hit.snippet().isBlank()) {
                text.append("\n   ").append(hit.snippet());
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }

    private static JsonNode schema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("query").put("type", "string").put("description", "what to search for");
        properties.putObject("count").put("type", "integer").put("minimum", 1).put("maximum", 10)
                .put("description", "how many results, 1 to 10 (default 5)");
        schema.putArray("required").add("query");
        return schema;
    }
}
