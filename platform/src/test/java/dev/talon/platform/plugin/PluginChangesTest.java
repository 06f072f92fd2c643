package dev.talon.platform.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.api.ChatRequest;
import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.api.LlmProvider;
import dev.talon.api.ToolSpec;
import dev.talon.api.UserMessage;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing, replacing, reloading, disabling, enabling and deleting plugins while the host runs, against the
 * built zips (and edited copies of them).
 */
class PluginChangesTest {

    private static final long MAX = 10L << 20;

    @TempDir
    Path pluginsDir;

    private PluginHost host;

    @BeforeEach
    void installBuiltPlugins() {
        PluginZips.install(pluginsDir, "tools-workspace", "tools-shell", "exec-local", "provider-scripted");
        host = new PluginHost(pluginsDir, (plugin, key) -> Optional.empty(), Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        host.close();
    }

    private static TenantConfig tenant(String... plugins) {
        return new TenantConfig("acme", List.of(), "default", "q", List.of(plugins),
                new ProviderConfig("provider-scripted", "scripted", null, null, null, null, null),
                new ExecPolicy("local", true), Limits.DEFAULT, null);
    }

    private List<String> toolNames(String... plugins) {
        return TenantToolbox.of(tenant(plugins), host).specs().stream().map(ToolSpec::name).toList();
    }

    private PluginInfo install(byte[] zip) {
        return host.install(new ByteArrayInputStream(zip), MAX);
    }

    private Set<String> filesInPluginsDir() throws IOException {
        try (Stream<Path> files = Files.list(pluginsDir)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static String say(LlmProvider provider, String text) throws Exception {
        return provider.chat(new ChatRequest("scripted", List.of(new UserMessage("/say " + text)), List.of(), null))
                .message().content();
    }

    @Test
    void anUploadedPluginOffersItsToolsToATenantThatListsIt() throws Exception {
        byte[] renamed = PluginZips.withProperties("tools-workspace", Map.of("plugin.id", "files-extra",
                "plugin.version", "1.0.0"));

        PluginInfo installed = install(renamed);

        assertThat(installed.id()).isEqualTo("files-extra");
        assertThat(installed.state()).isEqualTo("STARTED");
        assertThat(installed.version()).isEqualTo("1.0.0");
        assertThat(installed.file()).isEqualTo("files-extra.zip");
        assertThat(toolNames("files-extra")).contains("read_file", "write_file");
        assertThat(toolNames("provider-scripted")).isEmpty();
        assertThat(filesInPluginsDir()).contains("files-extra.zip").noneMatch(name -> name.startsWith(".upload-"));
        // and it is there after a restart
        host.close();
        host = new PluginHost(pluginsDir, (plugin, key) -> Optional.empty());
        assertThat(toolNames("files-extra")).contains("read_file");
    }

    @Test
    void aJarPluginIsInstalledToo() throws Exception {
        byte[] jar = PluginZips.edited("provider-scripted", entries -> {
            Map<String, byte[]> atRoot = new LinkedHashMap<>();
            entries.forEach((name, content) -> {
                if (name.equals("plugin.properties")) {
                    atRoot.put(name, new String(content, StandardCharsets.ISO_8859_1)
                            .replace("plugin.id=provider-scripted", "plugin.id=provider-jar")
                            .getBytes(StandardCharsets.ISO_8859_1));
                } else if (name.startsWith("classes/") && !name.equals("classes/") && !name.endsWith("plugin.properties")) {
                    atRoot.put(name.substring("classes/".length()), content);
                }
            });
            entries.clear();
            entries.putAll(atRoot);
        });

        PluginInfo installed = install(jar);

        assertThat(installed.file()).isEqualTo("provider-jar.jar");
        assertThat(say(host.llmProvider("provider-jar").orElseThrow(), "from a jar")).isEqualTo("from a jar");
    }

    @Test
    void invalidUploadsAreRefusedWithTheReasonAndLeaveNothingBehind() throws Exception {
        Set<String> before = filesInPluginsDir();
        List<PluginInfo> installed = host.describe();

        assertRefused("not a zip".getBytes(StandardCharsets.UTF_8), PluginRefusedException.Kind.INVALID,
                "not a zip or jar");
        assertRefused(new byte[0], PluginRefusedException.Kind.INVALID, "empty");
        assertRefused(PluginZips.without("tools-workspace", "plugin.properties"), PluginRefusedException.Kind.INVALID,
                "no plugin.properties");
        assertRefused(PluginZips.withProperties("tools-workspace", Map.of("plugin.id", "bad id!")),
                PluginRefusedException.Kind.INVALID, "plugin.id 'bad id!' is not valid");
        assertRefused(PluginZips.withProperties("tools-workspace", Map.of("plugin.id", "")),
                PluginRefusedException.Kind.INVALID, "no plugin.id");
        assertRefused(PluginZips.withProperties("tools-workspace", Map.of("plugin.id", "v", "plugin.version", "1.0")),
                PluginRefusedException.Kind.INVALID, "plugin.version '1.0' is not a semantic version");
        assertRefused(PluginZips.without("tools-workspace", "classes/META-INF/extensions.idx"),
                PluginRefusedException.Kind.INVALID, "no extensions");
        assertRefused(PluginZips.edited("tools-workspace", entries -> entries.put("classes/META-INF/extensions.idx",
                        "dev.talon.Missing\n".getBytes(StandardCharsets.UTF_8))), PluginRefusedException.Kind.INVALID,
                "classes/dev/talon/Missing.class is not in the archive");
        assertRefused(PluginZips.edited("tools-workspace", entries -> entries.put("../escape.txt", new byte[1])),
                PluginRefusedException.Kind.INVALID, "unsafe entry name");
        assertRefused(PluginZips.withProperties("tools-workspace", Map.of("plugin.dependencies", "exec-local")),
                PluginRefusedException.Kind.INVALID, "plugin.dependencies");
        // valid on paper, but the named plugin class is no PF4J Plugin: it cannot start
        String extension = host.describe("provider-scripted").orElseThrow().extensions().getFirst();
        assertRefused(PluginZips.withProperties("provider-scripted", Map.of("plugin.id", "cannot-start",
                "plugin.class", extension)), PluginRefusedException.Kind.FAILED_TO_START, "failed to start");
        assertThatThrownBy(() -> host.install(new ByteArrayInputStream(new byte[2048]), 1024))
                .isInstanceOfSatisfying(PluginRefusedException.class,
                        e -> assertThat(e.kind()).isEqualTo(PluginRefusedException.Kind.TOO_LARGE));

        assertThat(filesInPluginsDir()).isEqualTo(before);
        assertThat(host.describe()).isEqualTo(installed);
    }

    private void assertRefused(byte[] zip, PluginRefusedException.Kind kind, String reason) {
        assertThatThrownBy(() -> install(zip)).isInstanceOfSatisfying(PluginRefusedException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    @Test
    void disablingHidesThePluginFromTenantsAndEnablingBringsItBack() {
        assertThat(toolNames("tools-workspace", "provider-scripted")).contains("read_file");

        PluginInfo disabled = host.disable("tools-workspace");
        host.disable("provider-scripted");

        assertThat(disabled.state()).isEqualTo("DISABLED");
        assertThat(disabled.enabled()).isFalse();
        assertThat(toolNames("tools-workspace", "provider-scripted")).isEmpty();
        assertThat(TenantToolbox.of(tenant("provider-scripted"), host).llmProvider()).isEmpty();
        assertThat(host.isStarted("tools-workspace")).isFalse();
        assertThat(host.startedPluginIds()).doesNotContain("tools-workspace", "provider-scripted");
        // still listed, with what it declares
        assertThat(host.describe("tools-workspace").orElseThrow().extensions()).isNotEmpty();

        // and it stays disabled across a restart
        host.close();
        host = new PluginHost(pluginsDir, (plugin, key) -> Optional.empty());
        assertThat(host.describe("tools-workspace").orElseThrow().state()).isEqualTo("DISABLED");

        assertThat(host.enable("tools-workspace").state()).isEqualTo("STARTED");
        host.enable("provider-scripted");
        assertThat(toolNames("tools-workspace")).contains("read_file");
        assertThat(TenantToolbox.of(tenant("provider-scripted"), host).llmProvider()).isPresent();
    }

    @Test
    void reloadSwapsInTheNewVersionWhileTheOldInstanceKeepsWorking() throws Exception {
        LlmProvider old = host.llmProvider("provider-scripted").orElseThrow();

        host.reload("provider-scripted");
        LlmProvider current = host.llmProvider("provider-scripted").orElseThrow();

        assertThat(current).isNotSameAs(old);
        assertThat(say(current, "new")).isEqualTo("new");
        assertThat(say(old, "old still works")).isEqualTo("old still works"); // its class loader is still open
        assertThat(TenantToolbox.of(tenant("provider-scripted"), host).llmProvider()).containsSame(current);
    }

    @Test
    void uploadingAnInstalledIdReplacesItInPlace() throws Exception {
        String fileName = host.describe("provider-scripted").orElseThrow().file();
        LlmProvider old = host.llmProvider("provider-scripted").orElseThrow();

        PluginInfo replaced = install(PluginZips.withProperties("provider-scripted", Map.of("plugin.version", "0.2.0")));

        assertThat(replaced.version()).isEqualTo("0.2.0");
        assertThat(replaced.file()).isEqualTo(fileName);
        assertThat(filesInPluginsDir().stream().filter(name -> name.contains("provider-scripted"))).hasSize(1);
        assertThat(host.llmProvider("provider-scripted").orElseThrow()).isNotSameAs(old);
        assertThat(say(old, "finishing on the old version")).isEqualTo("finishing on the old version");
    }

    @Test
    void aReloadThatFailsKeepsTheRunningVersion() throws Exception {
        Path file = pluginsDir.resolve(host.describe("tools-workspace").orElseThrow().file());
        Files.write(file, PluginZips.without("tools-workspace", "classes/META-INF/extensions.idx"));

        assertThatThrownBy(() -> host.reload("tools-workspace")).isInstanceOfSatisfying(PluginRefusedException.class,
                e -> assertThat(e.getMessage()).contains("no extensions"));

        assertThat(host.describe("tools-workspace").orElseThrow().state()).isEqualTo("STARTED");
        assertThat(toolNames("tools-workspace")).contains("read_file");
    }

    @Test
    void aReplacedVersionIsUnloadedOnlyAfterItsLastCallReturns() throws Exception {
        host.close();
        host = new PluginHost(pluginsDir, (plugin, key) -> Optional.empty(), Duration.ZERO);
        ExecBackend old = host.execBackends("exec-local").getFirst();
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return old.exec(new ExecRequest("sleep 1; echo done", pluginsDir, Duration.ofSeconds(10), Map.of()));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300); // the command is running

        host.reload("exec-local");

        assertThat(running.get(10, TimeUnit.SECONDS).stdout()).contains("done");
        // no grace at all, yet the old version waited for its call; now it is gone and says so
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && canStillRun(old)) {
            Thread.sleep(100);
        }
        assertThatThrownBy(() -> old.exec(new ExecRequest("true", pluginsDir, Duration.ofSeconds(5), Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("was unloaded");
        assertThat(host.execBackends("exec-local").getFirst().exec(
                new ExecRequest("echo new", pluginsDir, Duration.ofSeconds(5), Map.of())).stdout()).contains("new");
    }

    private boolean canStillRun(ExecBackend backend) {
        try {
            backend.exec(new ExecRequest("true", pluginsDir, Duration.ofSeconds(5), Map.of()));
            return true;
        } catch (IllegalStateException e) {
            return false;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deleteUnloadsThePluginAndRemovesItsFiles() throws Exception {
        String file = host.describe("tools-workspace").orElseThrow().file();
        Path legacyUnpacked = Files.createDirectories(pluginsDir.resolve(file.replace(".zip", "") + "/classes"));

        host.delete("tools-workspace");

        assertThat(host.describe("tools-workspace")).isEmpty();
        assertThat(toolNames("tools-workspace")).isEmpty();
        assertThat(pluginsDir.resolve(file)).doesNotExist();
        assertThat(legacyUnpacked.getParent()).doesNotExist();
        assertThatThrownBy(() -> host.delete("tools-workspace")).isInstanceOfSatisfying(PluginRefusedException.class,
                e -> assertThat(e.kind()).isEqualTo(PluginRefusedException.Kind.UNKNOWN));
        assertThatThrownBy(() -> host.reload("nope")).isInstanceOf(PluginRefusedException.class);
    }
}
