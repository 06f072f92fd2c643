package dev.talon.platform.tenant;

import static dev.talon.platform.tenant.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.kubetest.KubeControlPlaneExtension;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.plugin.BuiltPlugins;
import dev.talon.platform.plugin.PluginHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicTenantChangesTest}'s race with two replicas of the Kubernetes store on a real kube-apiserver. */
@Tag("hostile-model")
class AtomicTenantChangesIT {

    @RegisterExtension
    static final KubeControlPlaneExtension KUBE = KubeControlPlaneExtension.apiOnly();

    @TempDir
    static Path pluginsDir;
    static PluginHost plugins;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        plugins = BuiltPlugins.load(pluginsDir);
        KUBE.plane().kubectl("create", "namespace", "talon");
    }

    @AfterAll
    static void closePlugins() {
        plugins.close();
    }

    @Test
    @DisplayName("key revocation and issuance race with tenant changes: Kubernetes store, two replicas")
    void theKubernetesStoreKeepsEveryChangeOfTwoReplicas() throws Exception {
        try (KubernetesTenantStore first = replica();
             KubernetesTenantStore second = replica()) {
            Kubectl kubectl = new Kubectl(KUBE.plane().proxyUrl(), "talon", "talon-tenants");
            admin(first).put(AtomicTenantChangesTest.tenant("before the rounds"));
            eventually(() -> assertThat(second.find("acme")).isPresent());

            List<String> wrong = AtomicTenantChangesTest.race(admin(first), admin(second),
                    () -> TenantsYaml.read(kubectl.tenantsYaml(), "the ConfigMap"));

            assertThat(wrong).as("of " + AtomicTenantChangesTest.ROUNDS + " rounds").isEmpty();
            // and every replica's view, which API keys are checked against, comes to what is stored
            Optional<TenantConfig> stored = Optional.of(TenantsYaml.read(kubectl.tenantsYaml(), "the ConfigMap")
                    .get("acme"));
            for (KubernetesTenantStore replica : List.of(first, second)) {
                eventually(() -> assertThat(replica.find("acme")).isEqualTo(stored));
            }
        }
    }

    private TenantAdmin admin(TenantStore store) {
        return new TenantAdmin(store, plugins, new DataLayout(dir.resolve("data")));
    }

    private static KubernetesTenantStore replica() {
        return KubernetesTenantStore.open(new KubernetesTenantSettings(Optional.of("talon"), "talon-tenants",
                Optional.of(KUBE.plane().proxyUrl())));
    }
}
