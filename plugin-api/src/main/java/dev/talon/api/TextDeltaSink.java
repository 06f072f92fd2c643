package dev.talon.api;

/**
 * Receives the text of a model's answer piece by piece while it is written, for live display only: the
 * {@link ChatResponse} a streaming call returns stays the one answer that counts. Called on the thread of
 * the {@link LlmProvider#chat(ChatRequest, TextDeltaSink)} call, in order; it must not block for long.
 */
@FunctionalInterface
public interface TextDeltaSink {

    /** A sink that drops every delta. */
    TextDeltaSink NONE = delta -> {
    };

    /** The next piece of the answer's text, never empty. */
    void text(String delta);
}
