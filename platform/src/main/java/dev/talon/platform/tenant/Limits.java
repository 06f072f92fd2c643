package dev.talon.platform.tenant;

/**
 * Per-tenant limits.
 *
 * @param maxIterations      LLM calls per turn before the turn stops with a notice (nanobot's maxToolIterations)
 * @param execTimeoutSeconds how long one shell command may run
 * @param historyWindow      how many stored messages of the session the LLM sees (nanobot's memoryWindow)
 * @param sessionIdleSeconds a session workflow with no message for this long ends (the next message starts one)
 * @param turnsPerSessionRun a session workflow continues as new after this many turns (sooner if Temporal asks)
 * @param maxConcurrentTurns new turns beyond this many running ones are refused with 429 (a soft limit: two
 *                           submissions at the same moment may both pass)
 * @param toolOutputChars    the most characters of one tool result the LLM sees (1000..200000); the rest is cut,
 *                           kept whole beside the workspace, and the LLM told where
 */
public record Limits(Integer maxIterations, Integer execTimeoutSeconds, Integer historyWindow,
                     Integer sessionIdleSeconds, Integer turnsPerSessionRun, Integer maxConcurrentTurns,
                     Integer toolOutputChars) {

    public static final int MIN_TOOL_OUTPUT_CHARS = 1_000;
    public static final int MAX_TOOL_OUTPUT_CHARS = 200_000;

    public static final Limits DEFAULT = new Limits(40, 60, 100);

    public Limits {
        maxIterations = maxIterations == null ? 40 : maxIterations;
        execTimeoutSeconds = execTimeoutSeconds == null ? 60 : execTimeoutSeconds;
        historyWindow = historyWindow == null ? 100 : historyWindow;
        sessionIdleSeconds = sessionIdleSeconds == null ? 86_400 : sessionIdleSeconds;
        turnsPerSessionRun = turnsPerSessionRun == null ? 50 : turnsPerSessionRun;
        maxConcurrentTurns = maxConcurrentTurns == null ? 20 : maxConcurrentTurns;
        toolOutputChars = toolOutputChars == null ? 16_000 : toolOutputChars;
    }

    public Limits(Integer maxIterations, Integer execTimeoutSeconds, Integer historyWindow) {
        this(maxIterations, execTimeoutSeconds, historyWindow, null, null, null, null);
    }
}
