package dev.talon.api;

import org.pf4j.ExtensionPoint;

/**
 * A language model behind a chat API. Tenants pick one by plugin id in their config
 * ({@code provider: {plugin: provider-openai, model: gpt-4o-mini}}).
 *
 * <p>Implementations are called from many threads at once and must keep no per-tenant state:
 * everything tenant-specific arrives in the {@link ChatRequest}.
 */
public interface LlmProvider extends ExtensionPoint {

    /** A short stable name, e.g. {@code openai} or {@code scripted}. */
    String id();

    /**
     * Sends the conversation to the model and returns its answer.
     *
     * @throws LlmException when the call fails; say whether trying again can help
     */
    ChatResponse chat(ChatRequest request) throws LlmException;

    /**
     * Like {@link #chat(ChatRequest)}, telling {@code deltas} the answer's text as it arrives. A provider that
     * cannot stream answers whole (the default); one that can still returns the whole answer, assembled.
     *
     * @throws LlmException when the call fails; say whether trying again can help
     */
    default ChatResponse chat(ChatRequest request, TextDeltaSink deltas) throws LlmException {
        return chat(request);
    }
}
