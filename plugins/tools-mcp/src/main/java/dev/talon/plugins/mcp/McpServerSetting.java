package dev.talon.plugins.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.ToolSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One MCP server of a tenant, from its tool settings: {@code servers: {<name>: {url: http(s)://…/mcp}}} for a
 * server reached over streamable HTTP, or {@code servers: {<name>: {transport: stdio, command: [program, args…]}}}
 * for a program started in the tenant's exec sandbox and spoken to over its standard input and output. The name
 * becomes part of every tool name the LLM sees ({@code mcp_<name>_<tool>}), so it is short and plain.
 */
record McpServerSetting(String name, McpEndpoint endpoint) {

    static final int MAX_SERVERS = 10;
    static final int MAX_COMMAND_PARTS = 64;
    static final int MAX_COMMAND_PART_CHARS = 4096;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,16}");
    private static final Set<String> FIELDS = Set.of("url", "transport", "command");

    /** The tenant's servers; settings with problems (see {@link #problems}) give none. */
    static List<McpServerSetting> of(ToolSettings settings) {
        return problems(settings).isEmpty() ? parse(settings) : List.of();
    }

    /**
     * What is wrong with the settings for a tenant, in words an admin can act on; a stdio server is refused when
     * the tenant's exec is disabled, since it would have nowhere to run but the host.
     */
    static List<String> problems(ToolSettings settings, boolean execEnabled) {
        List<String> problems = problems(settings);
        boolean stdio = parse(settings).stream().anyMatch(server -> server.endpoint() instanceof McpEndpoint.Stdio);
        if (!execEnabled && stdio) {
            problems.add("a server with transport stdio runs in the tenant's exec sandbox, and this tenant's exec is"
                    + " disabled: give the tenant an exec backend (e.g. exec: {backend: bubblewrap}) or use a server"
                    + " reached by url");
        }
        return problems;
    }

    /** What is wrong with the settings themselves, in words an admin can act on. */
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
            problems.add("servers must be an object of named servers: {name: {url: …}} or"
                    + " {name: {transport: stdio, command: [program, args…]}}");
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
            serverProblems("servers." + printable(name), server.getValue(), problems);
        }
        return problems;
    }

    private static void serverProblems(String where, JsonNode server, List<String> problems) {
        if (!server.isObject()) {
            problems.add(where + " must be an object: {url: …} or {transport: stdio, command: […]}");
            return;
        }
        server.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                problems.add(where + ": unknown setting '" + printable(field) + "'");
            }
        });
        JsonNode transport = server.path("transport");
        boolean stdio = transport.isTextual() && transport.asText().equals("stdio");
        if (!transport.isMissingNode() && !stdio && !(transport.isTextual() && transport.asText().equals("http"))) {
            problems.add(where + ".transport must be http (the default) or stdio");
            return;
        }
        if (stdio) {
            if (server.has("url")) {
                problems.add(where + ": a stdio server has a command, not a url");
            }
            commandProblems(where + ".command", server.path("command"), problems);
            return;
        }
        if (server.has("command")) {
            problems.add(where + ": a command needs transport: stdio");
        }
        JsonNode url = server.path("url");
        if (!url.isTextual() || !httpUrl(url.asText())) {
            problems.add(where + ".url must be an http or https URL");
        }
    }

    private static void commandProblems(String where, JsonNode command, List<String> problems) {
        if (!command.isArray() || command.isEmpty() || command.size() > MAX_COMMAND_PARTS) {
            problems.add(where + " must be a list of 1 to " + MAX_COMMAND_PARTS
                    + " strings: the program and its arguments, run without a shell");
            return;
        }
        for (JsonNode part : command) {
            if (!part.isTextual() || part.asText().isEmpty() || part.asText().length() > MAX_COMMAND_PART_CHARS
                    || part.asText().indexOf('\0') >= 0) {
                problems.add(where + " must hold non-empty strings of at most " + MAX_COMMAND_PART_CHARS
                        + " characters");
                return;
            }
        }
    }

    private static List<McpServerSetting> parse(ToolSettings settings) {
        List<McpServerSetting> servers = new ArrayList<>();
        settings.json("servers").filter(JsonNode::isObject).ifPresent(node -> node.properties().forEach(server -> {
            JsonNode value = server.getValue();
            if (value.path("transport").asText("").equals("stdio")) {
                List<String> command = new ArrayList<>();
                value.path("command").forEach(part -> command.add(part.asText()));
                servers.add(new McpServerSetting(server.getKey(), new McpEndpoint.Stdio(command)));
            } else {
                servers.add(new McpServerSetting(server.getKey(),
                        new McpEndpoint.Http(URI.create(value.path("url").asText()))));
            }
        }));
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
