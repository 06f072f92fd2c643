package dev.talon.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.platform.TalonSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/** Which tenant store the settings choose; the Kubernetes one on a whole platform is {@link KubernetesTenantsOnPlatformIT}. */
class KubernetesTenantsOnPlatformTest {

    @Test
    void theStoreIsTheFileUnlessSaidOtherwiseAndAnUnknownOneIsRefused() {
        TalonSettings defaults = TalonSettings.from(config(Map.of()));
        assertThat(defaults.tenantsStore()).isEqualTo("file");
        assertThat(defaults.kubernetesTenants())
                .isEqualTo(new KubernetesTenantSettings(Optional.empty(), "talon-tenants", Optional.empty()));

        assertThatThrownBy(() -> TalonSettings.from(config(Map.of("talon.tenants.store", "etcd"))))
                .hasMessageContaining("talon.tenants.store")
                .hasMessageContaining("kubernetes");
    }

    private static Config config(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return ConfigProviderResolver.instance().getBuilder().withSources(new ConfigSource() {
            @Override
            public Set<String> getPropertyNames() {
                return copy.keySet();
            }

            @Override
            public String getValue(String propertyName) {
                return copy.get(propertyName);
            }

            @Override
            public String getName() {
                return "test";
            }
        }).build();
    }
}
