package dev.talon.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One tool the model may call.
 *
 * <p>A tool may run more than once for the same call: if the worker running it dies, Temporal runs the
 * call again on another worker. Write tools so that a second run does no harm (write whole files, check
 * before you create), or say in the description that they are not idempotent.
 *
 * <p>Failures the model should see (bad arguments, a missing file) are {@link ToolResult#error(String)},
 * not exceptions. An exception is also reported to the model as an error, with its message.
 */
public interface Tool {

    ToolSpec spec();

    /**
     * Runs the tool.
     *
     * @param arguments the model's arguments, a JSON object; validate them, the model makes mistakes
     * @param context   the tenant, session and workspace this call belongs to
     */
    ToolResult execute(JsonNode arguments, ToolContext context);

    /**
     * True when the tool needs an {@link ExecBackend}. Such tools are not offered to a tenant whose exec
     * backend is {@code disabled}.
     */
    default boolean requiresExec() {
        return false;
    }

    /**
     * What a call does to the world. A tool that does not say is taken to have side effects, the safe guess: a
     * tenant that asks for approval of side-effecting tools then gets asked about it.
     */
    default ToolEffect effect() {
        return ToolEffect.SIDE_EFFECTS;
    }
}
