package dev.talon.platform.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
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

    @Inject
    WebTarget target;

    @Test
    void whatWriteFileMakesTheSandboxCanChange() throws IOException {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/bwrap"))).as("bubblewrap is installed").isTrue();
        String tenant = "own-" + UUID.randomUUID().toString().substring(0, 8);
        AttackerTenant agent = AttackerTenant.onBubblewrap(target, tenant);

        JsonNode reply = agent.turn("s", "write", AttackerTenant.call("write_file",
                Map.of("path", "notes/todo.txt", "content", "first\n")));
        assertThat(reply.path("status").asText()).as(reply.toString()).isEqualTo("completed");
        agent.turn("s", "append", AttackerTenant.call("exec", Map.of("command",
                "echo second >> notes/todo.txt && echo third > notes/new.txt && cat notes/todo.txt notes/new.txt")));

        String session = Files.readString(Path.of("target/test-data/sandbox-ownership/tenants", tenant,
                "sessions/s.jsonl"));
        assertThat(session).contains("first\\nsecond\\nthird").doesNotContain("Permission denied");
        Path file = Path.of("target/test-data/sandbox-ownership/tenants", tenant, "workspace/notes/todo.txt");
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isNotEqualTo(0);
        }
    }
}
