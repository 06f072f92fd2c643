package dev.talon.platform.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Activity doubles for subagent turns: each turn runs inline, and its LLM reads its own conversation, so that
 * parent and children can run at once. The LLM: a task {@code /call tool {json}} calls that tool once;
 * {@code /hold} waits for {@link #release}; after a tool result it answers {@code done: <result>}; otherwise
 * {@code answer to: <task>}. Tool {@code block} heartbeats until cancelled.
 */
class SubagentActivities implements ConversationActivities, LlmActivities, ToolActivities {

    private static final ObjectMapper JSON = new ObjectMapper();

    final SubagentLimits limits;
    final List<BuildPromptInput> prompts = new CopyOnWriteArrayList<>();
    final List<RecordTurnInput> recorded = new CopyOnWriteArrayList<>();
    final List<ExecuteToolInput> toolInputs = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blockStarted = new CountDownLatch(1);
    final CountDownLatch blockStopped = new CountDownLatch(1);

    SubagentActivities(SubagentLimits limits) {
        this.limits = limits;
    }

    @Override
    public Prompt buildPrompt(BuildPromptInput input) {
        prompts.add(input);
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage("system"));
        messages.add(new UserMessage(input.message()));
        return new Prompt(null, messages, 10, 5, List.of(), 60, false, limits, null, null);
    }

    @Override
    public boolean recordTurn(RecordTurnInput input) {
        recorded.add(input);
        return true;
    }

    @Override
    public void discardTurnLog(DiscardTurnLogInput input) {
    }

    @Override
    public LlmStep chat(LlmChatInput input) {
        List<Message> messages = input.messages();
        Message last = messages.getLast();
        String task = messages.get(1).content();
        if (last instanceof ToolResultMessage result) {
            return new LlmStep(text("done: " + result.content()), null);
        }
        if (task.equals("/hold")) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new LlmStep(text("held: " + input.turnId()), null);
        }
        List<ToolCall> calls = new ArrayList<>();
        for (String line : task.lines().toList()) {
            if (line.startsWith("/call ")) {
                String[] parts = line.split(" ", 3);
                calls.add(new ToolCall("call_" + (calls.size() + 1), parts[1], json(parts.length > 2 ? parts[2] : "{}")));
            }
        }
        if (!calls.isEmpty()) {
            return new LlmStep(new ChatResponse(new AssistantMessage("", calls), Usage.NONE, "tool_calls"), null);
        }
        return new LlmStep(text("answer to: " + task), null);
    }

    @Override
    public ToolStep execute(ExecuteToolInput input) {
        toolInputs.add(input);
        ToolCall call = input.call();
        if (input.platformResult() != null) {
            return new ToolStep(new ToolResultMessage(call.id(), call.name(), input.platformResult(),
                    input.platformError()), null);
        }
        if (call.name().equals("block")) {
            blockStarted.countDown();
            try {
                while (true) {
                    Thread.sleep(100);
                    Activity.getExecutionContext().heartbeat(null);
                }
            } catch (ActivityCompletionException | InterruptedException stopped) {
                blockStopped.countDown();
                throw Activity.wrap(stopped);
            }
        }
        return new ToolStep(new ToolResultMessage(call.id(), call.name(), "ran " + call.name(), false), null);
    }

    @Override
    public void endSession(EndSessionInput input) {
    }

    /** The messages recorded into a session under a turn id. */
    List<RecordTurnInput> recordedIn(String session) {
        return recorded.stream().filter(record -> record.session().equals(session)).toList();
    }

    private static ChatResponse text(String text) {
        return new ChatResponse(AssistantMessage.text(text), new Usage(10, 2), "stop");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
