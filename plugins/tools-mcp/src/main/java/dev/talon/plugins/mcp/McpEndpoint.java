package dev.talon.plugins.mcp;

import java.net.URI;
import java.util.List;

/** How an MCP server is reached. */
sealed interface McpEndpoint {

    /** Streamable HTTP at this URL. */
    record Http(URI url) implements McpEndpoint {
        @Override
        public String toString() {
            return url.toString();
        }
    }

    /** A program started in the tenant's exec sandbox, spoken to over its standard input and output. */
    record Stdio(List<String> command) implements McpEndpoint {
        public Stdio {
            command = List.copyOf(command);
        }

        @Override
        public String toString() {
            return "stdio " + command.getFirst();
        }
    }
}
