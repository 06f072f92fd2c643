package dev.talon.plugins.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScriptedProvider provider = new ScriptedProvider();

    private ChatResponse chat(Message... messages) throws LlmException {
        return provider.chat(new ChatRequest("scripted", List.of(messages), List.of(), null));
    }

    private static ToolCall call(String id, String name, String json) throws Exception {
        return new ToolCall(id, name, JSON.readTree(json));
    }

    @Test
    void idIsScripted() {
        assertThat(provider.id()).isEqualTo("scripted");
    }

    @Test
    void plainMessageIsEchoedWithStopReason() throws Exception {
        ChatResponse response = chat(new SystemMessage("be nice"), new UserMessage("hello there"));

        assertThat(response.message()).isEqualTo(AssistantMessage.text("echo: hello there"));
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void sayAnswersExactlyTheTextEvenOverSeveralLines() throws Exception {
        ChatResponse response = chat(new UserMessage("/say first line\n  second line\n/call not_a_call {}"));

        assertThat(response.message().content()).isEqualTo("first line\n  second line\n/call not_a_call {}");
        assertThat(response.message().hasToolCalls()).isFalse();
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void promptAnswersTheSystemPromptItWasSent() throws Exception {
        assertThat(chat(new SystemMessage("be nice\n## AGENTS.md"), new UserMessage("/prompt")).message().content())
                .isEqualTo("be nice\n## AGENTS.md");
        assertThat(chat(new UserMessage("/prompt")).message().content()).isEmpty();
    }

    @Test
    void sayMustBeACommandWordNotAPrefixOfAnother() throws Exception {
        assertThat(chat(new UserMessage("/sayonara")).message().content()).isEqualTo("echo: /sayonara");
    }

    @Test
    void callLinesBecomeToolCallsWithEmptyContentAndToolCallsReason() throws Exception {
        ChatResponse response = chat(new UserMessage("""
                please do two things
                /call write_file {"path": "hello.txt", "content": "hi"}
                  /call list_files
                thanks"""));

        assertThat(response.message().content()).isEmpty();
        assertThat(response.message().toolCalls()).containsExactly(
                call("call_1_1", "write_file", "{\"path\":\"hello.txt\",\"content\":\"hi\"}"),
                call("call_1_2", "list_files", "{}"));
        assertThat(response.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void invalidCallArgumentsAnswerWithTheReasonAndNoToolCall() throws Exception {
        ChatResponse response = chat(new UserMessage("/call ok {}\n/call write_file {\"path\": "));

        assertThat(response.message().hasToolCalls()).isFalse();
        assertThat(response.message().content())
                .startsWith("scripted: cannot parse the arguments of /call write_file: ")
                .hasSizeGreaterThan("scripted: cannot parse the arguments of /call write_file: ".length());
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void callArgumentsFollowedByJunkOrNotAnObjectCannotBeParsed() throws Exception {
        assertThat(chat(new UserMessage("/call a {} junk")).message().content())
                .startsWith("scripted: cannot parse the arguments of /call a: ");
        assertThat(chat(new UserMessage("/call b [1, 2]")).message().content())
                .isEqualTo("scripted: cannot parse the arguments of /call b: expected a JSON object, got array");
    }

    @Test
    void callIdsCountRoundsAcrossTwoRoundsOfToolCalls() throws Exception {
        UserMessage user = new UserMessage("/call read_file {\"path\": \"a\"}\n/call read_file {\"path\": \"b\"}");
        ChatResponse first = chat(user);
        assertThat(first.message().toolCalls()).extracting(ToolCall::id).containsExactly("call_1_1", "call_1_2");

        // one answer already follows the user message (and no results wait for a summary): round 2
        ChatResponse second = chat(new UserMessage("earlier"), user, first.message());
        assertThat(second.message().toolCalls()).extracting(ToolCall::id).containsExactly("call_2_1", "call_2_2");
    }

    @Test
    void toolResultsOfTheLatestRoundAreSummarisedOneLinePerResult() throws Exception {
        UserMessage user = new UserMessage("/call write_file {\"path\": \"hello.txt\"}\n/call run {}");
        AssistantMessage calls = new AssistantMessage("", List.of(
                call("call_1_1", "write_file", "{\"path\":\"hello.txt\"}"), call("call_1_2", "run", "{}")));

        ChatResponse response = chat(user, calls,
                new ToolResultMessage("call_1_1", "write_file", "Wrote 2 bytes to hello.txt", false),
                new ToolResultMessage("call_1_2", "run", "Error: exit 1\nstack trace here", true));

        assertThat(response.message()).isEqualTo(
                AssistantMessage.text("write_file: Wrote 2 bytes to hello.txt\nerror in run: Error: exit 1"));
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void summaryCoversOnlyTheLatestRoundAndCutsLongLinesTo200Chars() throws Exception {
        UserMessage user = new UserMessage("/call read_file {}");
        AssistantMessage round1 = new AssistantMessage("", List.of(call("call_1_1", "read_file", "{}")));
        AssistantMessage round2 = new AssistantMessage("", List.of(call("call_2_1", "list_files", "{}")));
        String longLine = "x".repeat(250);

        ChatResponse response = chat(user,
                round1, new ToolResultMessage("call_1_1", "read_file", "old result", false),
                round2, new ToolResultMessage("call_2_1", "list_files", longLine + "\nsecond", false));

        assertThat(response.message().content()).isEqualTo("list_files: " + "x".repeat(200));
    }

    @Test
    void toolResultsBeforeTheLatestUserMessageAreNotSummarised() throws Exception {
        AssistantMessage calls = new AssistantMessage("", List.of(call("call_1_1", "read_file", "{}")));

        ChatResponse response = chat(new UserMessage("/call read_file {}"), calls,
                new ToolResultMessage("call_1_1", "read_file", "content", false),
                AssistantMessage.text("read_file: content"), new UserMessage("and now?"));

        assertThat(response.message().content()).isEqualTo("echo: and now?");
    }

    @Test
    void recallAnswersTheMostRecentEarlierUserMessageContainingTheWordIgnoringCase() throws Exception {
        ChatResponse response = chat(
                new UserMessage("My cat is called Tom"),
                AssistantMessage.text("echo: My cat is called Tom"),
                new UserMessage("The CAT likes fish"),
                new UserMessage("the dog barks"),
                new UserMessage("/recall cat"));

        assertThat(response.message().content()).isEqualTo("The CAT likes fish");
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void recallIgnoresTheLatestMessageItselfAndOtherRoles() throws Exception {
        ChatResponse response = chat(
                new SystemMessage("zebra facts"),
                AssistantMessage.text("zebra"),
                new UserMessage("/recall zebra"));

        assertThat(response.message().content()).isEqualTo("I don't recall anything about zebra.");
    }

    @Test
    void recallSkipsEarlierRecallQuestions() throws Exception {
        ChatResponse response = chat(
                new UserMessage("my favourite number is 42"),
                new UserMessage("/recall favourite"),
                AssistantMessage.text("my favourite number is 42"),
                new UserMessage("/recall favourite"));

        assertThat(response.message().content()).isEqualTo("my favourite number is 42");
    }

    @Test
    void failThrowsANonRetryableLlmException() {
        assertThatThrownBy(() -> chat(new UserMessage("/fail the model is down")))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("scripted failure: the model is down");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.statusCode()).isEqualTo(400);
                });
    }

    @Test
    void conversationWithoutUserMessageIsAPermanentError() {
        assertThatThrownBy(() -> chat(new SystemMessage("only a system prompt")))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.retryable()).isFalse());
    }

    @Test
    void usageIsAQuarterOfTheCharactersInAndOut() throws Exception {
        // 8 + 12 = 20 characters in; "echo: hello world!" is 18 characters out
        ChatResponse response = chat(new SystemMessage("12345678"), new UserMessage("hello world!"));

        assertThat(response.usage()).isEqualTo(new Usage(5, 4));
    }
}
