package dev.talon.platform.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.Tool;
import dev.talon.api.ToolResult;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.plugin.LoadedPlugins;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.plugintest.FakeToolContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant on {@code exec: {backend: bubblewrap}}, end to end inside one process: the built tools-shell and
 * exec-bubblewrap zips, the tenant's toolbox, the {@code exec} tool the LLM would call, real bwrap.
 */
class BubblewrapTenantTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @RegisterExtension
    static final LoadedPlugins loaded = new LoadedPlugins();

    private Path workspace;
    private Tool exec;
    private FakeToolContext context;

    @BeforeEach
    void tenantOnBubblewrap() throws IOException {
        TenantConfig tenant = new TenantConfig("acme", List.of(), "default", "q",
                List.of("tools-shell", "exec-bubblewrap", "provider-scripted"),
                new ProviderConfig("provider-scripted", "scripted", null, null, null, null, null),
                new ExecPolicy("bubblewrap"), Limits.DEFAULT, null);
        workspace = Files.createDirectories(new DataLayout(dataDir).workspace("acme")).toRealPath();
        TenantToolbox toolbox = TenantToolbox.of(tenant, loaded.host());
        exec = toolbox.tool("exec").orElseThrow();
        context = FakeToolContext.in(workspace).withIds("acme", "s1", "t1").withExecBackend(toolbox.execBackend())
                .withExecTimeout(Duration.ofSeconds(30));
    }

    @Test
    void onlyTheFileWrittenInTheWorkspaceAppears() throws IOException {
        Path escape = Path.of("/tmp/escape-" + UUID.randomUUID());

        ToolResult result = exec("echo hi > inside.txt; touch " + escape);

        assertThat(result.content()).endsWith("Exit code: 0");
        assertThat(workspace.resolve("inside.txt")).hasContent("hi");
        try (Stream<Path> files = Files.list(workspace)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("inside.txt");
        }
        assertThat(escape).doesNotExist();
    }

    @Test
    void aServerOnTheHostsLoopbackIsOutOfReach() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ToolResult result = exec("bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort()
                    + " && echo connected'");

            assertThat(result.content()).contains("Connection refused").doesNotContain("connected\n");
        }
    }

    private ToolResult exec(String command) throws IOException {
        return exec.execute(JSON.readTree(JSON.writeValueAsString(Map.of("command", command))), context);
    }
}
