package dev.talon.plugins.scripted;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.LlmException;
import dev.talon.api.Message;
import dev.talon.api.PluginContext;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.UserMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedProviderCallLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static PluginContext context(Map<String, String> settings) {
        return new PluginContext() {
            @Override
            public String pluginId() {
                return "provider-scripted";
            }

            @Override
            public Optional<String> config(String key) {
                return Optional.ofNullable(settings.get(key));
            }

            @Override
            public System.Logger logger() {
                return System.getLogger("provider-scripted");
            }
        };
    }

    private static void chat(ScriptedProvider provider, Message... messages) throws LlmException {
        provider.chat(new ChatRequest("scripted", List.of(messages), List.of(), null));
    }

    @Test
    void everyCallAppendsItsRoundAndTheLatestUserMessage() throws Exception {
        Path log = dir.resolve("logs/calls.tsv");
        ScriptedProvider provider = new ScriptedProvider(context(Map.of("call-log", log.toString())));
        UserMessage user = new UserMessage("/call exec {\"command\":\"ls\"}");
        ToolCall call = new ToolCall("call_1_1", "exec", JSON.readTree("{\"command\":\"ls\"}"));

        chat(provider, new UserMessage("earlier"), AssistantMessage.text("echo: earlier"), user);
        chat(provider, user, new AssistantMessage("", List.of(call)), new ToolResultMessage("call_1_1", "exec", "a", false));

        assertThat(Files.readAllLines(log)).containsExactly(
                "1\t/call exec {\"command\":\"ls\"}",
                "2\t/call exec {\"command\":\"ls\"}");
    }

    @Test
    void tabsLineBreaksAndBackslashesAreEscapedSoOneCallIsOneLine() throws Exception {
        Path log = dir.resolve("calls.tsv");
        ScriptedProvider provider = new ScriptedProvider(context(Map.of("call-log", log.toString())));

        chat(provider, new UserMessage("/say a\tb\nc\r\nd \\n"));

        assertThat(Files.readAllLines(log)).containsExactly("1\t/say a\\tb\\nc\\r\\nd \\\\n");
    }

    @Test
    void failedCallsAreCountedToo() throws Exception {
        Path log = dir.resolve("calls.tsv");
        ScriptedProvider provider = new ScriptedProvider(context(Map.of("call-log", log.toString())));

        try {
            chat(provider, new UserMessage("/fail no"));
        } catch (LlmException expected) {
            // the call was made, so it is logged
        }

        assertThat(Files.readAllLines(log)).containsExactly("1\t/fail no");
    }

    @Test
    void withoutTheSettingNothingIsWritten() throws Exception {
        chat(new ScriptedProvider(context(Map.of())), new UserMessage("hello"));
        chat(new ScriptedProvider(), new UserMessage("hello"));

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void concurrentCallsFromSeveralProvidersNeverInterleave() throws Exception {
        Path log = dir.resolve("calls.tsv");
        // two instances stand in for two worker processes sharing the file
        List<ScriptedProvider> providers = List.of(
                new ScriptedProvider(context(Map.of("call-log", log.toString()))),
                new ScriptedProvider(context(Map.of("call-log", log.toString()))));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ScriptedProvider provider = providers.get(i % 2);
            String message = "/say message " + i + " " + "x".repeat(2000);
            calls.add(pool.submit(() -> {
                chat(provider, new UserMessage(message));
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        pool.shutdown();

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(200);
        assertThat(lines).allMatch(line -> line.matches("1\t/say message \\d+ x{2000}"));
        assertThat(lines.stream().map(line -> line.split(" ")[2]).distinct()).hasSize(200);
    }
}
