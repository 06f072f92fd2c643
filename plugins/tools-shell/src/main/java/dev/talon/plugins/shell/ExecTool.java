package dev.talon.plugins.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code exec(command, working_dir?)}: runs a shell command and shows the model what it printed, the way
 * nanobot does: stdout, a {@code STDERR:} block when there is error output, then the exit code.
 *
 * <p>The output is passed on whole (the exec backend caps what it reads, to protect memory); the tenant's
 * {@code limits.toolOutputChars} decides, in the platform, how much of it the LLM sees.
 *
 * <p>Not idempotent in general: a command runs again if Temporal retries the call.
 */
final class ExecTool implements Tool {

    private static final ToolSpec SPEC = new ToolSpec(
            "exec",
            "Execute a shell command in the workspace and return its output. Use with caution.",
            schema());

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    /** A command can do anything, and running it again repeats what it did. */
    @Override
    public ToolEffect effect() {
        return ToolEffect.SIDE_EFFECTS;
    }

    @Override
    public boolean requiresExec() {
        return true;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        String command;
        Path workDir;
        try {
            command = requiredString(arguments, "command");
            if (command.isBlank()) {
                return ToolResult.error("Error: Argument 'command' must not be empty");
            }
            Optional<String> denied = CommandGuard.deniedReason(command);
            if (denied.isPresent()) {
                return ToolResult.error("Error: Command blocked by the safety guard: it looks like " + denied.get()
                        + ", which is not allowed");
            }
            String workingDir = optionalString(arguments, "working_dir");
            workDir = WorkingDirectory.relative(workingDir == null ? "." : workingDir);
        } catch (IllegalArgumentException e) {
            return ToolResult.error("Error: " + e.getMessage());
        }
        Optional<ExecBackend> backend = context.execBackend();
        if (backend.isEmpty()) {
            return ToolResult.error("Error: exec is disabled for this tenant");
        }
        if (context.isCancelled()) {
            return ToolResult.error("Error: Command cancelled");
        }
        Duration timeout = context.execTimeout();
        ExecResult result;
        try {
            // the workspace root from the platform, the directory relative to it: the backend resolves nothing
            result = backend.get().exec(new ExecRequest(command, context.workspace(),
                    context.workspace().resolve(workDir), timeout, Map.of(), context.tenant(), context.session()));
        } catch (InterruptedException e) {
            // The turn was cancelled; keep the flag so the caller's own checks see it too.
            Thread.currentThread().interrupt();
            return ToolResult.error("Error: Command cancelled");
        } catch (RuntimeException e) {
            return ToolResult.error("Error executing command: " + e.getMessage());
        }
        return format(result, timeout);
    }

    private static ToolResult format(ExecResult result, Duration timeout) {
        StringBuilder output = new StringBuilder();
        if (!result.stdout().isEmpty()) {
            output.append(result.stdout());
        }
        if (!result.stderr().isBlank()) {
            appendLine(output, "STDERR:\n" + result.stderr());
        }
        if (result.timedOut()) {
            String partial = output.toString();
            String message = "Error: Command timed out after " + seconds(timeout) + " seconds";
            return ToolResult.error(partial.isEmpty() ? message : message + "\n" + partial);
        }
        appendLine(output, "\nExit code: " + result.exitCode());
        return ToolResult.ok(output.toString());
    }

    // nanobot joins its parts with newlines; an empty builder has nothing to join to.
    private static void appendLine(StringBuilder output, String part) {
        if (!output.isEmpty()) {
            output.append('\n');
        }
        output.append(part);
    }

    // "30", or "1.5" for timeouts that are not whole seconds.
    private static String seconds(Duration timeout) {
        return BigDecimal.valueOf(timeout.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    private static String requiredString(JsonNode arguments, String name) {
        String value = optionalString(arguments, name);
        if (value == null) {
            throw new IllegalArgumentException("Missing required argument: " + name);
        }
        return value;
    }

    private static String optionalString(JsonNode arguments, String name) {
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            return null;
        }
        if (!arguments.isObject()) {
            throw new IllegalArgumentException("Arguments must be a JSON object");
        }
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("Argument '" + name + "' must be a string, got "
                    + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
    }

    private static JsonNode schema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("command")
                .put("type", "string")
                .put("description", "The shell command to execute");
        properties.putObject("working_dir")
                .put("type", "string")
                .put("description", "Directory to run it in, relative to the workspace; default the workspace");
        schema.putArray("required").add("command");
        return schema;
    }
}
