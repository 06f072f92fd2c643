package dev.talon.platform.workflow;

public record BuildPromptInput(String tenant, String session, String turnId, String message) {
}
