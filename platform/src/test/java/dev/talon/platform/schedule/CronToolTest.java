package dev.talon.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ToolResult;
import dev.talon.platform.client.TemporalConnection;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.plugintest.FakeToolContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cron tool's refusals, which come before it reaches Temporal (no server here: a call that got that far would
 * fail to connect, and these must not): clear tool errors the LLM can read.
 */
class CronToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workspace;

    /** Nothing listens there: the tool must refuse before it calls. */
    private final TemporalConnection nowhere = TemporalConnection.open("127.0.0.1:1");
    private final CronTool tool = new CronTool(new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
            new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED, Limits.DEFAULT, null),
            new TenantSchedules(nowhere), Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC));

    @AfterEach
    void close() {
        nowhere.close();
    }

    private ToolResult call(String turnId, String arguments) throws Exception {
        JsonNode args = JSON.readTree(arguments);
        return tool.execute(args, FakeToolContext.in(workspace).withIds("acme", "s1", turnId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"schedule-daily-2026-12-02T09-00-00Z", "heartbeat-2026-12-02T09-00-00Z"})
    @DisplayName("a turn a schedule started cannot add, update or remove jobs")
    void scheduledTurnRefused(String turnId) throws Exception {
        for (String args : List.of("{\"action\":\"add\",\"message\":\"m\",\"every_seconds\":60}",
                "{\"action\":\"update\",\"job_id\":\"j\",\"message\":\"m\"}", "{\"action\":\"remove\",\"job_id\":\"j\"}")) {
            ToolResult result = call(turnId, args);
            assertThat(result.error()).isTrue();
            assertThat(result.content()).contains("started by a schedule");
        }
    }

    @Test
    @DisplayName("bad arguments are tool errors that say what to send")
    void badArguments() throws Exception {
        assertThat(call("t1", "{\"action\":\"explode\"}").content()).contains("add, list, remove or update");
        assertThat(call("t1", "{\"action\":\"add\",\"message\":\"m\",\"every_seconds\":5}").content())
                .contains("between 10 and");
        assertThat(call("t1", "{\"action\":\"add\",\"message\":\"m\",\"every_seconds\":1.5}").content())
                .contains("whole number");
        assertThat(call("t1", "{\"action\":\"add\",\"message\":\"m\",\"cron_expr\":\"* * *\"}").content())
                .contains("five fields");
        assertThat(call("t1", "{\"action\":\"add\",\"message\":\"m\",\"cron_expr\":\"0 9 * * *\",\"tz\":\"Moon/Base\"}")
                .content()).contains("not an IANA time zone");
        assertThat(call("t1", "{\"action\":\"add\",\"every_seconds\":60}").content()).contains("message is required");
        assertThat(call("t1", "{\"action\":\"remove\"}").content()).contains("needs job_id");
        assertThat(call("t1", "{\"action\":\"remove\",\"job_id\":\"../../x\"}").content()).contains("job_id must be");
        assertThat(call("t1", "{\"action\":\"add\",\"message\":\"m\",\"at\":\"2020-01-01T00:00:00Z\"}").content())
                .contains("in the future");
    }
}
