package dev.talon.platform.tenant;

import static dev.talon.platform.tenant.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.kubetest.KubeControlPlaneExtension;
import dev.talon.platform.Platform;
import dev.talon.platform.TalonSettings;
import dev.talon.platform.worker.WorkerHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code talon.tenants.store=kubernetes} on a whole platform and a real kube-apiserver: its workers follow the ConfigMap. */
class KubernetesTenantsOnPlatformIT {

    @RegisterExtension
    static final KubeControlPlaneExtension KUBE = KubeControlPlaneExtension.apiOnly();

    @TempDir
    Path dir;

    @Test
    void workersStartAndStopWithTenantsAnotherReplicaSavesAndDeletes() throws Exception {
        KUBE.plane().kubectl("create", "namespace", "talon");
        String url = KUBE.plane().proxyUrl();
        Config config = MapConfig.of(Map.of(
                "talon.tenants.store", "kubernetes",
                "talon.tenants.kubernetes.namespace", "talon",
                "talon.tenants.kubernetes.api-url", url,
                "talon.temporal.target", TalonSettings.IN_MEMORY,
                "talon.data-dir", dir.resolve("data").toString(),
                "talon.plugins-dir", dir.resolve("plugins").toString()));
        try (Platform platform = Platform.start(TalonSettings.from(config), config);
             KubernetesTenantStore otherReplica = KubernetesTenantStore.open(new KubernetesTenantSettings(
                     Optional.of("talon"), "talon-tenants", Optional.of(url)))) {
            WorkerHost workers = platform.workers().orElseThrow();
            assertThat(platform.tenants()).isInstanceOf(KubernetesTenantStore.class);
            assertThat(workers.tenantIds()).isEmpty();

            otherReplica.put(new TenantConfig("acme", List.of(), "default", "talon-acme",
                    List.of("provider-scripted"),
                    new ProviderConfig("provider-scripted", "m", null, null, null, null, null),
                    new ExecPolicy("disabled"), Limits.DEFAULT, null));
            eventually(() -> assertThat(workers.tenantIds()).containsExactly("acme"));
            assertThat(platform.tenants().find("acme")).isPresent();

            otherReplica.delete("acme");
            eventually(() -> assertThat(workers.tenantIds()).isEmpty());
        }
    }
}
