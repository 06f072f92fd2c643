package dev.talon.plugins.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.plugins.exec.bubblewrap.BubblewrapExecBackend;
import dev.talon.plugintest.MapPluginContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The stdio server inside bubblewrap. Like exec-bubblewrap's own tests, it fails rather than skips without a working
 * bwrap (bin/talon setup installs it): skipping would let CI pass without ever sandboxing a server.
 */
class BubblewrapStdioMcpTest extends StdioMcpContract {

    private static final BubblewrapExecBackend BACKEND = new BubblewrapExecBackend(
            new MapPluginContext("exec-bubblewrap", Map.of()));

    @BeforeAll
    static void bubblewrapWorks() throws InterruptedException {
        ExecResult result = BACKEND.exec(new ExecRequest("echo ok", workspace, workspace, Duration.ofSeconds(30),
                Map.of(), TENANT, ""));
        assertThat(result.stdout()).as("bubblewrap must work here (bin/talon setup installs it): " + result.stderr())
                .isEqualTo("ok\n");
    }

    @Override
    protected ExecBackend backend() {
        return BACKEND;
    }

    @Override
    protected String workspaceInside() {
        return "/workspace";
    }
}
