package dev.talon.api;

import java.util.List;
import java.util.Objects;

/**
 * One call to a model. Built by the platform inside an activity, never stored in workflow history,
 * because {@link ProviderSettings} may hold the tenant's API key.
 *
 * @param model    the model name from the tenant config
 * @param messages the conversation so far, oldest first
 * @param tools    the tools the model may call; empty to forbid tool calls
 * @param settings endpoint, secret and options from the tenant config
 */
public record ChatRequest(String model, List<Message> messages, List<ToolSpec> tools, ProviderSettings settings) {
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        settings = settings == null ? ProviderSettings.NONE : settings;
    }
}
