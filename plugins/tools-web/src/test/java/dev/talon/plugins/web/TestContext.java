package dev.talon.plugins.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ExecBackend;
import dev.talon.api.SecretResolver;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolSettings;
import dev.talon.api.WorkspaceFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A tool context carrying tool settings only: the web tools use nothing else. */
final class TestContext implements ToolContext {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ToolSettings settings;

    private TestContext(ToolSettings settings) {
        this.settings = settings;
    }

    static TestContext withSettings(String json, SecretResolver secrets) {
        try {
            JsonNode node = JSON.readTree(json);
            return new TestContext(ToolSettings.of(node, secrets));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static TestContext withSettings(String json) {
        return withSettings(json, SecretResolver.NONE);
    }

    static TestContext none() {
        return new TestContext(ToolSettings.EMPTY);
    }

    @Override
    public ToolSettings settings() {
        return settings;
    }

    @Override
    public String tenant() {
        return "acme";
    }

    @Override
    public String session() {
        return "s";
    }

    @Override
    public String turnId() {
        return "t";
    }

    @Override
    public Path workspace() {
        throw new UnsupportedOperationException("the web tools have no business in the workspace");
    }

    @Override
    public WorkspaceFiles files() {
        throw new UnsupportedOperationException("the web tools have no business in the workspace");
    }

    @Override
    public Optional<ExecBackend> execBackend() {
        return Optional.empty();
    }

    @Override
    public Duration execTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public void heartbeat(Object details) {
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
