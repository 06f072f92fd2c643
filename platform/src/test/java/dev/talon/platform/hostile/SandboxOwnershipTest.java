package dev.talon.platform.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A bubblewrap tenant with the platform running as root (as in CI): the sandbox is not root, so whatever the
 * platform's file tools write must belong to the sandbox's user, or the agent's own commands cannot change it.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/sandbox-ownership")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/sandbox-ownership-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class SandboxOwnershipTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    @Test
    void whatWriteFileMakesTheSandboxCanChange() throws IOException {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/bwrap"))).as("bubblewrap is installed").isTrue();
        String tenant = "own-" + UUID.randomUUID().toString().substring(0, 8);
        String key = createTenant(tenant);

        JsonNode reply = turn(tenant, key, String.join("\n",
                "/call write_file " + JSON.valueToTree(Map.of("path", "notes/todo.txt", "content", "first\n"))));
        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("completed");
        reply = turn(tenant, key, "/call exec " + JSON.valueToTree(Map.of("command",
                "echo second >> notes/todo.txt && echo third > notes/new.txt && cat notes/todo.txt notes/new.txt")));

        String session = Files.readString(Path.of("target/test-data/sandbox-ownership/tenants", tenant,
                "sessions/s.jsonl"));
        assertThat(session).contains("first\\nsecond\\nthird").doesNotContain("Permission denied");
        Path file = Path.of("target/test-data/sandbox-ownership/tenants", tenant, "workspace/notes/todo.txt");
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isNotEqualTo(0);
        }
    }

    private String createTenant(String tenant) throws IOException {
        String body = """
                {"plugins":["tools-workspace","tools-shell","exec-bubblewrap","provider-scripted"],
                 "provider":{"plugin":"provider-scripted","model":"scripted"},"exec":{"backend":"bubblewrap"},
                 "limits":{"maxIterations":5,"execTimeoutSeconds":20}}""";
        assertThat(target.path("/v1/admin/tenants/" + tenant).request()
                .header("Authorization", "Bearer test-admin-key").put(Entity.json(body)).getStatus()).isIn(200, 201);
        return JSON.readTree(target.path("/v1/admin/tenants/" + tenant + "/keys").request()
                .header("Authorization", "Bearer test-admin-key").post(Entity.json("")).readEntity(String.class))
                .path("key").asText();
    }

    private JsonNode turn(String tenant, String key, String message) throws IOException {
        return JSON.readTree(target.path("/v1/tenants/" + tenant + "/turns").request()
                .header("Authorization", "Bearer " + key)
                .post(Entity.json(JSON.createObjectNode().put("session", "s").put("message", message)
                        .put("timeoutSeconds", 120).toString()))
                .readEntity(String.class));
    }
}
