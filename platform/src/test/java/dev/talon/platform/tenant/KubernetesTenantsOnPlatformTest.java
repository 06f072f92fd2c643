package dev.talon.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.platform.TalonSettings;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** Which tenant store the settings choose; the Kubernetes one on a whole platform is {@link KubernetesTenantsOnPlatformIT}. */
class KubernetesTenantsOnPlatformTest {

    @Test
    void theStoreIsTheFileUnlessSaidOtherwiseAndAnUnknownOneIsRefused() {
        TalonSettings defaults = TalonSettings.from(MapConfig.of(Map.of()));
        assertThat(defaults.tenantsStore()).isEqualTo("file");
        assertThat(defaults.kubernetesTenants())
                .isEqualTo(new KubernetesTenantSettings(Optional.empty(), "talon-tenants", Optional.empty()));

        assertThatThrownBy(() -> TalonSettings.from(MapConfig.of(Map.of("talon.tenants.store", "etcd"))))
                .hasMessageContaining("talon.tenants.store")
                .hasMessageContaining("kubernetes");
    }
}
