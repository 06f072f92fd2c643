package dev.talon.api;

/**
 * Tokens spent by one or more model calls.
 *
 * @param inputTokens      every prompt token, cached or not
 * @param outputTokens     tokens the model wrote
 * @param cacheReadTokens  of the input tokens, those read from the provider's prompt cache (cheaper)
 * @param cacheWriteTokens of the input tokens, those written to the prompt cache (dearer, paid once)
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    public static final Usage NONE = new Usage(0, 0, 0, 0);

    /** Usage of a provider without a prompt cache. */
    public Usage(long inputTokens, long outputTokens) {
        this(inputTokens, outputTokens, 0, 0);
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens);
    }
}
