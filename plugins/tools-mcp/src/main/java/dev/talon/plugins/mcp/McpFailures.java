package dev.talon.plugins.mcp;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.concurrent.TimeoutException;

/** A failure talking to an MCP server, said in a line the LLM and an admin can read (no stack trace). */
final class McpFailures {

    private static final int MAX_CHARS = 300;

    private McpFailures() {
    }

    static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
                return "the server is unreachable (connection refused or timed out)";
            }
            if (cause instanceof TimeoutException) {
                return "the server did not answer in time";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String line = message.replaceAll("[\\r\\n\\t]+", " ");
        return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) + "…" : line;
    }
}
