package dev.talon.plugins.scripted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.UserMessage;
import dev.talon.api.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptedStreamingTest {

    private final ScriptedProvider provider = new ScriptedProvider();
    private final List<String> deltas = new ArrayList<>();

    private ChatResponse stream(String message) throws Exception {
        return stream(message, Map.of(ScriptedProvider.STREAM_WORDS, "true"));
    }

    private ChatResponse stream(String message, Map<String, String> options) throws Exception {
        return provider.chat(new ChatRequest("scripted", List.of(new UserMessage(message)), List.of(),
                new ProviderSettings("", "", Duration.ofSeconds(5), options)), deltas::add);
    }

    @Test
    void theReplyIsHandedOnWordByWordAndReturnedWhole() throws Exception {
        ChatResponse streamed = stream("/say Once upon  a\ntime.");

        assertThat(deltas).containsExactly("Once ", "upon  ", "a\n", "time.");
        assertThat(streamed).isEqualTo(provider.chat(new ChatRequest("scripted",
                List.of(new UserMessage("/say Once upon  a\ntime.")), List.of(), null)));
    }

    @Test
    void withoutTheOptionNothingIsStreamed() throws Exception {
        ChatResponse whole = stream("/say not streamed", Map.of());

        assertThat(whole.message().content()).isEqualTo("not streamed");
        assertThat(deltas).isEmpty();
    }

    @Test
    void toolCallsStreamNoText() throws Exception {
        ChatResponse streamed = stream("/call list_files {}");

        assertThat(streamed.message().hasToolCalls()).isTrue();
        assertThat(deltas).isEmpty();
    }
}
