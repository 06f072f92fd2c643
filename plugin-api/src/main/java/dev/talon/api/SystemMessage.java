package dev.talon.api;

import java.util.Objects;

/** Instructions for the model: bootstrap files, memory, the tenant's system prompt. */
public record SystemMessage(String content) implements Message {
    public SystemMessage {
        Objects.requireNonNull(content, "content");
    }
}
