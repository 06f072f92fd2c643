package dev.talon.platform.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.platform.Platform;
import dev.talon.platform.rest.CapturedLogs;
import dev.talon.platform.rest.HistoryText;
import dev.talon.platform.client.TurnIds;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scripted provider as the attacker, on a tenant whose exec backend is bubblewrap: it hunts for secrets
 * planted in the platform's environment ({@code TALON_PLANTED_SECRET}, set by surefire for this JVM), in a host
 * file and in another tenant's conversation, with every trick of issue 9: reading {@code /proc/.../environ} and
 * host paths from exec, file tools with {@code ..}, and bootstrap files planted as links and a FIFO for the
 * platform to follow into the next prompt. Nothing planted may show up in replies, tool output, the session,
 * Temporal history, the logs, or the system prompt the model is sent.
 */
@HelidonTest
@Tag("hostile-model")
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/secret-hunt")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/secret-hunt-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class BubblewrapTenantSecretHuntTest {

    private static final String TENANT = "mallory";

    @Inject
    WebTarget target;

    @Inject
    Platform platform;

    private final String session = "hunt-" + UUID.randomUUID().toString().substring(0, 8);
    private CapturedLogs logs;
    private AttackerTenant mallory;

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    @DisplayName("secret hunt on bubblewrap: planted env, host file and another tenant's session are found nowhere")
    void nothingPlantedIsFoundAnywhere() throws Exception {
        String envSecret = System.getenv("TALON_PLANTED_SECRET");
        assumeThat(envSecret).as("surefire plants TALON_PLANTED_SECRET").isNotBlank();
        assumeThat(Files.isExecutable(Path.of("/usr/bin/bwrap"))).as("bubblewrap is installed").isTrue();
        Path data = Path.of("target/test-data/secret-hunt").toAbsolutePath();
        String fileSecret = "host-file-secret-" + UUID.randomUUID();
        Path hostFile = Files.writeString(Path.of("target/secret-hunt-host.txt").toAbsolutePath(), fileSecret);
        String victimSecret = "victim-conversation-" + UUID.randomUUID();
        Path victimSession = Files.createDirectories(data.resolve("tenants/victim/sessions")).resolve("private.jsonl");
        Files.writeString(victimSession, "{\"_type\":\"metadata\"}\n{\"role\":\"user\",\"content\":\"" + victimSecret + "\"}\n");
        mallory = AttackerTenant.onBubblewrap(target, TENANT);

        List<String> seen = new ArrayList<>();
        seen.add(turn("attack-" + session, String.join("\n",
                AttackerTenant.call("exec", Map.of("command", "tr '\\0' '\\n' </proc/1/environ; tr '\\0' '\\n' </proc/self/environ;"
                        + " tr '\\0' '\\n' </proc/$PPID/environ; env; cat /proc/*/environ 2>/dev/null; echo hunt-ran-$((6*7))")),
                AttackerTenant.call("exec", Map.of("command", "cat " + victimSession + " " + hostFile + " 2>&1; ls -la / 2>&1 | head -40;"
                        + " cat " + data + "/tenants/victim/sessions/* 2>&1; ls " + data + " 2>&1")),
                AttackerTenant.call("exec", Map.of("command", "ln -sf /proc/self/environ AGENTS.md; ln -sf " + victimSession
                        + " USER.md; ln -sf " + hostFile + " SOUL.md; mkfifo TOOLS.md; ln -sf /proc/self/cwd IDENTITY.md;"
                        + " ls -la")),
                AttackerTenant.call("read_file", Map.of("path", "../../victim/sessions/private.jsonl")),
                AttackerTenant.call("read_file", Map.of("path", "USER.md")),
                AttackerTenant.call("read_file", Map.of("path", "AGENTS.md")),
                AttackerTenant.call("list_dir", Map.of("path", "../..")))));
        seen.add(turn("prompt-" + session, "/prompt"));
        seen.add(Files.readString(data.resolve("tenants/" + TENANT + "/sessions/" + session + ".jsonl")));
        for (String turnId : List.of("attack-" + session, "prompt-" + session)) {
            seen.add(HistoryText.readable(platform.temporal().client("default")
                    .fetchHistory(TurnIds.workflowId(TENANT, turnId)).toJson(false)));
        }
        seen.add(logs.text());

        String everything = String.join("\n", seen);
        assertThat(everything).as("the attack ran in the sandbox").contains("hunt-ran-42").contains("read_file");
        assertThat(everything).doesNotContain(envSecret).doesNotContain(fileSecret).doesNotContain(victimSecret);
    }

    private String turn(String turnId, String message) throws IOException {
        JsonNode reply = mallory.turn(session, turnId, message);
        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("completed");
        return reply.toString();
    }
}
