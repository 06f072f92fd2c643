package dev.talon.platform.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.AssistantMessage;
import dev.talon.api.Message;
import dev.talon.api.SystemMessage;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.UserMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnLogTest {

    @TempDir
    Path dataDir;

    private TurnLog log() {
        return new TurnLog(new DataLayout(dataDir), new ObjectMapper());
    }

    private static final List<Message> PROMPT = List.of(new SystemMessage("be brief"), new UserMessage("hi"));

    @Test
    void startThenReadGivesThePromptBack() {
        TurnLog log = log();
        TurnLogRef ref = log.start("acme", "t1", PROMPT);

        assertThat(ref.count()).isEqualTo(2);
        assertThat(log.read("acme", "t1", ref)).isEqualTo(PROMPT);
    }

    @Test
    void appendExtendsTheLogAndTheDigestChain() {
        TurnLog log = log();
        TurnLogRef start = log.start("acme", "t1", PROMPT);
        TurnLogRef after = log.append("acme", "t1", start, AssistantMessage.text("hello"));

        assertThat(after.count()).isEqualTo(3);
        assertThat(after.digest()).isNotEqualTo(start.digest());
        assertThat(log.read("acme", "t1", after)).endsWith(AssistantMessage.text("hello"));
        // the older reference still reads the older prefix
        assertThat(log.read("acme", "t1", start)).isEqualTo(PROMPT);
    }

    @Test
    void aRetriedStepReplacesWhatTheFailedAttemptAppended() {
        TurnLog log = log();
        TurnLogRef start = log.start("acme", "t1", PROMPT);
        log.append("acme", "t1", start, AssistantMessage.text("first attempt, result lost"));

        TurnLogRef retried = log.append("acme", "t1", start, AssistantMessage.text("second attempt"));

        assertThat(retried.count()).isEqualTo(3);
        assertThat(log.read("acme", "t1", retried)).containsExactly(PROMPT.get(0), PROMPT.get(1),
                AssistantMessage.text("second attempt"));
    }

    @Test
    void aMissingOrAlteredLogIsReportedNotGuessedAt() throws Exception {
        TurnLog log = log();
        TurnLogRef ref = log.start("acme", "t1", PROMPT);
        Path file = dataDir.resolve("tenants/acme/turns/t1/log.jsonl");
        Files.writeString(file, Files.readString(file).replace("be brief", "be long"));

        assertThatThrownBy(() -> log.read("acme", "t1", ref))
                .isInstanceOf(TurnLogUnavailableException.class).hasMessageContaining("digest");
        assertThatThrownBy(() -> log.append("acme", "t1", new TurnLogRef(5, ref.digest()), AssistantMessage.text("x")))
                .isInstanceOf(TurnLogUnavailableException.class).hasMessageContaining("expects 5");
        log.discard("acme", "t1");
        assertThatThrownBy(() -> log.read("acme", "t1", ref))
                .isInstanceOf(TurnLogUnavailableException.class).hasMessageContaining("missing");
        assertThat(dataDir.resolve("tenants/acme/turns/t1")).doesNotExist();
    }

    @Test
    void toolResultsAndCallsRoundTrip() {
        TurnLog log = log();
        TurnLogRef ref = log.start("acme", "t1", PROMPT);
        ToolResultMessage result = new ToolResultMessage("call_1_1", "read_file", "line\nwith \"quotes\"", true);
        ref = log.append("acme", "t1", ref, result);

        assertThat(log.read("acme", "t1", ref).getLast()).isEqualTo(result);
        assertThat(dataDir.resolve("tenants/acme/turns/t1/log.jsonl")).content().hasLineCount(3);
    }
}
