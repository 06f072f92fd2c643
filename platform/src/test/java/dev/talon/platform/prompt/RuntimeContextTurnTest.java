package dev.talon.platform.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmProvider;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.TurnRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime context through the real workflow and activities: in the prompt, never in the session. */
class RuntimeContextTurnTest {

    @TempDir
    Path dataDir;

    private final List<List<Message>> sent = new CopyOnWriteArrayList<>();

    @Test
    @DisplayName("the runtime context goes just before the user message of each turn and is not recorded")
    void runtimeContextBeforeUserMessageOnly() throws Exception {
        TenantConfig acme = new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED,
                new Limits(5, 10, 100), null);
        try (InMemoryTurnRunner runner = new InMemoryTurnRunner(dataDir, acme,
                TenantToolbox.of(List.of(), Optional.empty(), Optional.of(recorder())))) {
            runner.run("t1", new TurnRequest("acme", "s1", "t1", "first question"));
            runner.run("t2", new TurnRequest("acme", "s1", "t2", "second question"));
        }

        List<Message> second = sent.get(1);
        assertThat(second.getFirst()).isInstanceOf(SystemMessage.class);
        assertThat(second.getLast()).isEqualTo(new UserMessage("second question"));
        assertThat(second.get(second.size() - 2).content())
                .startsWith(AgentPrompt.RUNTIME_CONTEXT_MARK).contains("Session: s1");
        // the first turn's context was not recorded: the history holds only what the user and the model said
        assertThat(second.subList(1, second.size() - 2))
                .containsExactly(new UserMessage("first question"), AssistantMessage.text("answer 1"));
        String session = Files.readString(dataDir.resolve("tenants/acme/sessions/s1.jsonl"));
        assertThat(session).doesNotContain("Runtime context");
    }

    private LlmProvider recorder() {
        return new LlmProvider() {
            @Override
            public String id() {
                return "recorder";
            }

            @Override
            public ChatResponse chat(ChatRequest request) {
                sent.add(List.copyOf(request.messages()));
                return new ChatResponse(AssistantMessage.text("answer " + sent.size()), new Usage(1, 1), "stop");
            }
        };
    }
}
