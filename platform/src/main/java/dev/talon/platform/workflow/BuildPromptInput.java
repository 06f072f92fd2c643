package dev.talon.platform.workflow;

/**
 * @param inline true to get the prompt's messages back in the result instead of a turn log reference: the
 *               fallback when the turn log is unavailable, and the old design for benchmarks
 * @param origin the turn's {@link TurnRequest#origin()}: a heartbeat's prompt is built from {@code HEARTBEAT.md}
 */
public record BuildPromptInput(String tenant, String session, String turnId, String message, boolean inline,
                               String origin) {

    public BuildPromptInput(String tenant, String session, String turnId, String message, boolean inline) {
        this(tenant, session, turnId, message, inline, null);
    }
}
