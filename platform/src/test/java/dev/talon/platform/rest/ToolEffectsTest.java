package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tool calls through real turns (provider-scripted, tools-workspace, in-memory Temporal): arguments are checked
 * against the tool's schema by the platform, and a tenant's {@code approval.sideEffects} gates the side-effecting
 * tools only.
 */
@ExtendWith(FreshTenantsFile.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/tool-effects")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/tool-effects-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class ToolEffectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLUGINS = """
            "plugins": ["tools-workspace", "provider-scripted"],
            "provider": {"plugin": "provider-scripted", "model": "scripted"}""";

    @Inject
    WebTarget target;

    @Test
    @DisplayName("a call with bad arguments returns the validation message to the LLM; the turn goes on")
    void badArgumentsReachTheModelAndTheTurnGoesOn() throws Exception {
        String tenant = PlatformHttp.unique("args");
        assertThat(api().admin("PUT", tenant, "{" + PLUGINS + "}").statusCode()).isEqualTo(201);
        String key = api().newKey(tenant);

        JsonNode turn = api().turn(tenant, key, "s", "/call read_file {\"path\": 7}\n"
                + "/call edit_file {\"path\": \"notes.txt\"}\n"
                + "/call write_file {\"path\": \"ok.txt\", \"content\": \"fine\"}", true);

        assertThat(turn.path("status").asText()).isEqualTo("completed");
        String[] lines = turn.path("reply").asText().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("error in read_file: Error: invalid arguments for read_file, nothing was run:")
                .contains("path").contains("integer").contains("string");
        assertThat(lines[1]).startsWith("error in edit_file: Error: invalid arguments for edit_file")
                .contains("old_text").contains("new_text");
        assertThat(lines[2]).isEqualTo("write_file: Wrote 4 bytes to ok.txt");
        assertThat(workspace(tenant).resolve("notes.txt")).doesNotExist();
        // what the LLM read is stored with the turn: readable, no stack trace
        String stored = api().get(tenant, key, "/sessions/s/messages").toString();
        assertThat(stored).contains("invalid arguments for read_file").doesNotContain("Exception")
                .doesNotContain("\\tat ");
    }

    @Test
    @DisplayName("hostile input: arguments nested 500 levels deep are refused with a message, the turn completes")
    void deepArgumentsAreRefused() throws Exception {
        String tenant = PlatformHttp.unique("deep");
        assertThat(api().admin("PUT", tenant, "{" + PLUGINS + "}").statusCode()).isEqualTo(201);
        String deep = "{\"path\": " + "[".repeat(500) + "]".repeat(500) + "}";

        JsonNode turn = api().turn(tenant, api().newKey(tenant), "s", "/call read_file " + deep, true);

        assertThat(turn.path("status").asText()).isEqualTo("completed");
        assertThat(turn.path("reply").asText()).startsWith("error in read_file: Error: the arguments of read_file"
                + " were refused unread: they are nested deeper than 64 levels");
    }

    @Test
    @DisplayName("approval.sideEffects: edit_file (side effects) waits for approval, read_file and write_file do not")
    void sideEffectingToolsWaitForApproval() throws Exception {
        String tenant = PlatformHttp.unique("gated");
        assertThat(api().admin("PUT", tenant, "{" + PLUGINS + ", \"approval\": {\"sideEffects\": true,"
                + " \"timeoutSeconds\": 60}}").statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(api().admin("GET", tenant, null).body()).path("approval").path("sideEffects").asBoolean())
                .isTrue();
        String key = api().newKey(tenant);

        // read-only and idempotent tools run at once: the waiting turn below shows what a gated one does
        JsonNode write = api().turn(tenant, key, "s", "/call write_file {\"path\": \"a.txt\", \"content\": \"old\"}", true);
        assertThat(write.path("reply").asText()).isEqualTo("write_file: Wrote 3 bytes to a.txt");
        JsonNode read = api().turn(tenant, key, "s", "/call read_file {\"path\": \"a.txt\"}", true);
        assertThat(read.path("reply").asText()).isEqualTo("read_file: old");

        String turnId = api().turn(tenant, key, "s", "/call edit_file {\"path\": \"a.txt\", \"old_text\": \"old\","
                + " \"new_text\": \"new\"}", false).path("turnId").asText();
        JsonNode waiting = api().until(tenant, key, "/turns/" + turnId, t -> t.has("pendingApprovals"));
        assertThat(waiting.path("pendingApprovals").get(0).path("tool").asText()).isEqualTo("edit_file");
        assertThat(workspace(tenant).resolve("a.txt")).hasContent("old");

        String approvalId = waiting.path("pendingApprovals").get(0).path("approvalId").asText();
        assertThat(api().send("POST", "/v1/tenants/" + tenant + "/turns/" + turnId + "/approvals/" + approvalId,
                "Bearer " + key, "{\"decision\": \"approve\"}").statusCode()).isEqualTo(202);
        JsonNode done = api().until(tenant, key, "/turns/" + turnId, t -> t.path("status").asText().equals("completed"));
        assertThat(done.path("reply").asText()).startsWith("edit_file: ");
        assertThat(workspace(tenant).resolve("a.txt")).hasContent("new");
    }

    @Test
    @DisplayName("without approval.sideEffects, edit_file runs at once")
    void withoutTheFlagNothingWaits() throws Exception {
        String tenant = PlatformHttp.unique("open");
        assertThat(api().admin("PUT", tenant, "{" + PLUGINS + "}").statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(api().admin("GET", tenant, null).body()).path("approval").path("sideEffects").asBoolean())
                .isFalse();

        JsonNode turn = api().turn(tenant, api().newKey(tenant), "s", "/call write_file {\"path\": \"b.txt\", \"content\":"
                + " \"old\"}\n/call edit_file {\"path\": \"b.txt\", \"old_text\": \"old\", \"new_text\": \"new\"}", true);

        assertThat(turn.path("reply").asText()).startsWith("write_file: Wrote").contains("\nedit_file: ");
        assertThat(workspace(tenant).resolve("b.txt")).hasContent("new");
    }

    @Test
    @DisplayName("approval.sideEffects must be a boolean: anything else is a 400 naming it")
    void theFlagIsValidated() throws Exception {
        String tenant = PlatformHttp.unique("bad-flag");
        HttpResponse<String> refused = api().admin("PUT", tenant, "{" + PLUGINS + ", \"approval\": {\"sideEffects\":"
                + " \"yes\"}}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("sideEffects");
        assertThat(api().admin("GET", tenant, null).statusCode()).isEqualTo(404);
    }

    private static Path workspace(String tenant) {
        return Path.of("target/test-data/tool-effects/tenants", tenant, "workspace");
    }

    private PlatformHttp api() {
        return new PlatformHttp(target.getUri());
    }
}
