package dev.talon.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.plugintest.ScriptedHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code talon turn} against a loopback stub of the REST API: what reaches stdout from a streamed turn. */
class TurnCommandStreamingTest {

    private static final Map<String, String> EVENT_STREAM = Map.of("Content-Type", "text/event-stream");

    private ScriptedHttpServer api;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void start() {
        api = new ScriptedHttpServer("", "{\"error\": {\"code\": \"unscripted\", \"message\": \"none\"}}");
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(stdout);
        System.setErr(stderr);
        api.close();
    }

    private int turn(String... flags) {
        String[] args = new String[flags.length + 6];
        args[0] = "turn";
        args[1] = "--url";
        args[2] = api.baseUrl();
        args[3] = "--key";
        args[4] = "k";
        System.arraycopy(flags, 0, args, 5, flags.length);
        args[args.length - 1] = "hello";
        return new CommandLine(new TalonCommand()).execute(args);
    }

    private void script(String events) {
        api.reply(202, "{\"turnId\": \"t1\", \"status\": \"running\"}").reply(200, events, EVENT_STREAM);
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Test
    void theTextIsPrintedAsItComesAndTheReplyNotAgain() {
        script(event("llm_started", "{\"step\": 1}")
                + event("text_delta", "{\"step\": 1, \"attempt\": 1, \"text\": \"Hel\"}")
                + event("delta_discarded", "{\"step\": 1, \"attempt\": 1}")
                + event("text_delta", "{\"step\": 1, \"attempt\": 2, \"text\": \"Hello\"}")
                + event("text_delta", "{\"step\": 1, \"attempt\": 2, \"text\": \" world\"}")
                + event("llm_finished", "{\"step\": 1}")
                + event("completed", "{\"reply\": \"Hello world\"}"));

        int exit = turn();

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Hel\nHello world\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the text above is void");
    }

    @Test
    void withNoStreamOnlyTheReplyIsPrinted() {
        script(event("text_delta", "{\"step\": 1, \"attempt\": 1, \"text\": \"Hello\"}")
                + event("completed", "{\"reply\": \"Hello\"}"));

        int exit = turn("--no-stream");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Hello\n");
    }

    @Test
    void aReplyThatWasNotStreamedIsPrintedWhole() {
        script(event("llm_started", "{\"step\": 1}")
                + event("text_delta", "{\"step\": 1, \"attempt\": 1, \"text\": \"Let me look.\"}")
                + event("llm_finished", "{\"step\": 1, \"toolCalls\": 1}")
                + event("llm_started", "{\"step\": 2}")
                + event("completed", "{\"reply\": \"Found it.\"}"));

        int exit = turn();

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Let me look.\nFound it.\n");
    }
}
