package dev.talon.api;

import java.util.Objects;

/** What the user said. */
public record UserMessage(String content) implements Message {
    public UserMessage {
        Objects.requireNonNull(content, "content");
    }
}
