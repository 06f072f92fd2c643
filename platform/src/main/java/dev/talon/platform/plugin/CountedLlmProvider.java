package dev.talon.platform.plugin;

import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.LlmProvider;
import dev.talon.api.TextDeltaSink;

/** An LLM provider whose calls are counted, so its plugin version is not unloaded under them. */
final class CountedLlmProvider implements LlmProvider {

    private final LlmProvider provider;
    private final InFlightCalls calls;
    // read once: lookups compare ids often and must not call into a version that may be unloading
    private final String id;

    CountedLlmProvider(LlmProvider provider, InFlightCalls calls) {
        this.provider = provider;
        this.calls = calls;
        this.id = provider.id();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ChatResponse chat(ChatRequest request) throws LlmException {
        calls.enter();
        try {
            return provider.chat(request);
        } finally {
            calls.exit();
        }
    }

    @Override
    public ChatResponse chat(ChatRequest request, TextDeltaSink deltas) throws LlmException {
        calls.enter();
        try {
            return provider.chat(request, deltas);
        } finally {
            calls.exit();
        }
    }
}
