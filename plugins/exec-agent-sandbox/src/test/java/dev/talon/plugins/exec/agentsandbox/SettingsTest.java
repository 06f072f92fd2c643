package dev.talon.plugins.exec.agentsandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.plugintest.MapPluginContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings parse(Map<String, String> settings) {
        return Settings.from(new MapPluginContext("exec-agent-sandbox", settings));
    }

    @Test
    void defaultsNeedOnlyATemplate() {
        Settings settings = parse(Map.of("template", "python", "namespace", "agents"));

        assertThat(settings.shape()).isEqualTo(new ClaimShape.V1alpha1("python"));
        assertThat(settings.runtimeUrlTemplate()).isEqualTo("http://{sandbox}.{namespace}.svc.cluster.local:8888");
        assertThat(settings.routerUrl()).isEmpty();
        assertThat(settings.runtimePort()).isEqualTo(8888);
        assertThat(settings.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.idleTtl()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(settings.kubeApiUrl()).isEqualTo(Optional.empty());
        assertThat(settings.workspacePath()).isEmpty();
    }

    @Test
    void workdirWorkspaceStartsCommandsInTheWorkspaceWhereThePodMountsIt() {
        assertThat(parse(Map.of("template", "python", "workdir", "workspace")).workspacePath()).contains("/workspace");
        assertThat(parse(Map.of("template", "python", "workdir", "workspace", "workspace-path", "/home/agent/"))
                .workspacePath()).contains("/home/agent");
        assertThatThrownBy(() -> parse(Map.of("template", "python", "workdir", "workspace", "workspace-path", "ws")))
                .hasMessageContaining("workspace-path");
        assertThatThrownBy(() -> parse(Map.of("template", "python", "workdir", "workspace", "workspace-path", "/")))
                .hasMessageContaining("workspace-path");
    }

    @Test
    @Tag("hostile-model")
    @DisplayName("agent-sandbox mounts all tenants' data: workdir request, which needed the whole data volume in "
            + "every sandbox, is refused with what to use instead")
    void workdirRequestIsRefused() {
        assertThatThrownBy(() -> parse(Map.of("template", "python", "workdir", "request")))
                .hasMessageContaining("workdir: request is no longer supported")
                .hasMessageContaining("tenants/$(TALON_TENANT)/workspace");
    }

    @Test
    void v1beta1NeedsAWarmPool() {
        assertThat(parse(Map.of("api-version", "v1beta1", "warm-pool", "pool")).shape())
                .isEqualTo(new ClaimShape.V1beta1("pool"));
        assertThatThrownBy(() -> parse(Map.of("api-version", "v1beta1", "template", "python")))
                .hasMessageContaining("'warm-pool'");
    }

    @Test
    void wrongValuesNameTheirSetting() {
        Map<String, String> base = new HashMap<>(Map.of("template", "python"));

        assertThatThrownBy(() -> parse(with(base, "api-version", "v2"))).hasMessageContaining("api-version");
        assertThatThrownBy(() -> parse(with(base, "ready-timeout-seconds", "soon")))
                .hasMessageContaining("ready-timeout-seconds");
        assertThatThrownBy(() -> parse(with(base, "idle-ttl-seconds", "-5"))).hasMessageContaining("idle-ttl-seconds");
        assertThatThrownBy(() -> parse(with(base, "router-url", "not a url"))).hasMessageContaining("router-url");
        assertThatThrownBy(() -> parse(with(base, "workdir", "here"))).hasMessageContaining("workdir");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> settings = new HashMap<>(base);
        settings.put(key, value);
        return settings;
    }
}
