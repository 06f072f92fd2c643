package dev.talon.plugins.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.ToolSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One MCP server of a tenant, from its tool settings: {@code servers: {<name>: {url: http(s)://…/mcp}}}. The name
 * becomes part of every tool name the LLM sees ({@code mcp_<name>_<tool>}), so it is short and plain.
 */
record McpServerSetting(String name, URI url) {

    static final int MAX_SERVERS = 10;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,16}");

    /** The tenant's servers; settings with problems (see {@link #problems}) give none. */
    static List<McpServerSetting> of(ToolSettings settings) {
        return problems(settings).isEmpty() ? parse(settings) : List.of();
    }

    /** What is wrong with the settings, in words an admin can act on. */
    static List<String> problems(ToolSettings settings) {
        List<String> problems = new ArrayList<>();
        for (String unknown : settings.names()) {
            if (!unknown.equals("servers")) {
                problems.add("unknown setting '" + unknown + "'; the only one is 'servers'");
            }
        }
        JsonNode servers = settings.json("servers").orElse(null);
        if (servers == null) {
            return problems;
        }
        if (!servers.isObject()) {
            problems.add("servers must be an object of named servers: {name: {url: …}}");
            return problems;
        }
        if (servers.size() > MAX_SERVERS) {
            problems.add("at most " + MAX_SERVERS + " servers");
        }
        for (Map.Entry<String, JsonNode> server : servers.properties()) {
            String name = server.getKey();
            if (!NAME.matcher(name).matches()) {
                problems.add("server name '" + printable(name) + "' must be 1 to 16 lower-case letters or digits");
            }
            JsonNode url = server.getValue().path("url");
            if (!url.isTextual() || !httpUrl(url.asText())) {
                problems.add("servers." + printable(name) + ".url must be an http or https URL");
            }
            server.getValue().fieldNames().forEachRemaining(field -> {
                if (!field.equals("url")) {
                    problems.add("servers." + printable(name) + ": unknown setting '" + printable(field) + "'");
                }
            });
        }
        return problems;
    }

    private static List<McpServerSetting> parse(ToolSettings settings) {
        List<McpServerSetting> servers = new ArrayList<>();
        settings.json("servers").ifPresent(node -> node.properties().forEach(server ->
                servers.add(new McpServerSetting(server.getKey(), URI.create(server.getValue().path("url").asText())))));
        return servers;
    }

    private static boolean httpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && uri.getHost() != null
                    && (uri.getScheme().equals("http") || uri.getScheme().equals("https"));
        } catch (Exception e) {
            return false;
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
