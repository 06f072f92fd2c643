package dev.talon.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.Message;
import dev.talon.api.UserMessage;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.plugin.LoadedPlugins;
import dev.talon.platform.plugin.ProviderSecrets;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.InMemoryTenantStore;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.ConsolidateMemoryInput;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ConsolidateMemory run again, as Temporal retries it, after each point an attempt could die at. */
class ConsolidationRetryTest {

    private static final String SAVE = "/call save_memory {\"history_entry\": \"Talked about tea.\","
            + " \"memory_update\": \"- likes tea\"}";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:45:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LoadedPlugins loaded = new LoadedPlugins();

    @TempDir
    Path dataDir;

    private SessionStore sessions;
    private MemoryActivitiesImpl activities;
    private Path memory;

    @BeforeEach
    void session() {
        TenantConfig tenant = new TenantConfig("acme", List.of(), "default", "q", List.of("provider-scripted"),
                new ProviderConfig("provider-scripted", "scripted", null, null, null, null, null),
                ExecPolicy.DISABLED, new Limits(10, 10, 2), null);
        DataLayout layout = new DataLayout(dataDir);
        sessions = new SessionStore(layout, JSON, CLOCK);
        TenantScope scope = new TenantScope("acme", new InMemoryTenantStore(List.of(tenant)),
                t -> TenantToolbox.of(t, loaded.host()));
        activities = new MemoryActivitiesImpl(scope, layout, sessions, ProviderSecrets.of(Map.of()), CLOCK);
        memory = layout.workspace("acme").resolve("memory");
        record("t1", "/say ok\n" + SAVE, "ok");
        record("t2", "/say two", "two");
    }

    @Test
    @DisplayName("a second run after a finished one changes nothing: one entry, last_consolidated where it was")
    void repeatAfterSuccess() throws Exception {
        assertThat(activities.consolidate(input())).isTrue();
        String history = Files.readString(memory.resolve("HISTORY.md"));

        assertThat(activities.consolidate(input())).isFalse();

        assertThat(history).isEqualTo("[2026-12-02 10:45] Talked about tea.\n\n");
        assertThat(memory.resolve("HISTORY.md")).hasContent(history);
        assertThat(memory.resolve("MEMORY.md")).hasContent("- likes tea");
        assertThat(metadata().path("last_consolidated").asInt()).isEqualTo(3); // 4 messages, window 2 keeps 1
    }

    @Test
    @DisplayName("an attempt that died after appending to HISTORY.md is finished by the retry without a second entry")
    void retryAfterHistoryWasAppended() throws Exception {
        String planted = "[2026-12-02 10:00] Planted by the dead attempt.";
        sessions.updateMetadata("acme", "s1", (line, count) -> {
            line.withObjectProperty("metadata").putObject(MemoryActivitiesImpl.PENDING).put("from", 0).put("to", 3)
                    .put("history_entry", planted).put("memory_update", "- from the dead attempt");
            return true;
        });
        Files.createDirectories(memory);
        Files.writeString(memory.resolve("HISTORY.md"), planted + "\n\n");

        assertThat(activities.consolidate(input())).isTrue();
        assertThat(activities.consolidate(input())).isFalse();

        // the pending answer was applied, not a new one asked of the LLM, and its entry is there once
        assertThat(memory.resolve("HISTORY.md")).hasContent(planted + "\n\n");
        assertThat(memory.resolve("MEMORY.md")).hasContent("- from the dead attempt");
        assertThat(metadata().path("last_consolidated").asInt()).isEqualTo(3);
        assertThat(metadata().path("metadata").has(MemoryActivitiesImpl.PENDING)).isFalse();
    }

    @Test
    @DisplayName("an LLM that does not call save_memory fails the activity without retries and changes nothing")
    void noSaveMemoryCall() throws Exception {
        Files.delete(dataDir.resolve("tenants/acme/sessions/s1.jsonl"));
        record("t1", "/say a", "a");
        record("t2", "/say b", "b");

        assertThatThrownBy(() -> activities.consolidate(input())).isInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("without calling save_memory")
                .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());
        assertThat(memory.resolve("HISTORY.md")).doesNotExist();
        assertThat(metadata().path("last_consolidated").asInt()).isZero();
    }

    private void record(String turnId, String user, String reply) {
        List<Message> messages = List.of(new UserMessage(user), AssistantMessage.text(reply));
        sessions.record("acme", "s1", turnId, messages);
    }

    private JsonNode metadata() throws IOException {
        return JSON.readTree(Files.readAllLines(dataDir.resolve("tenants/acme/sessions/s1.jsonl")).getFirst());
    }

    private static ConsolidateMemoryInput input() {
        return new ConsolidateMemoryInput("acme", "s1", "t3");
    }
}
