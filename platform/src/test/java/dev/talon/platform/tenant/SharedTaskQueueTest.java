package dev.talon.platform.tenant;

import static dev.talon.platform.tenant.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants on one namespace and task queue would each have a worker polling that queue, and each would take
 * the other's tasks (turns, with their workspace and keys). Every way a tenant gets in refuses the second one.
 * The Kubernetes case runs on the fake API server on purpose: it holds both replicas' reads so that their writes
 * conflict every time, which a real kube-apiserver cannot be told to do.
 */
@Tag("hostile-model")
class SharedTaskQueueTest {

    private static final String SHARING = """
            tenants:
              acme:
                taskQueue: shared
                plugins: [provider-scripted]
                provider: {plugin: provider-scripted}
              beta:
                taskQueue: shared
                plugins: [provider-scripted]
                provider: {plugin: provider-scripted}
            """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("two tenants may share a namespace + task queue: the tenants file is refused")
    void aTenantsFileWhereTwoTenantsShareATaskQueueIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("tenants.yaml"), SHARING);

        assertThatThrownBy(() -> FileTenantStore.load(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'acme'")
                .hasMessageContaining("'beta'")
                .hasMessageContaining("taskQueue 'shared'");
    }

    @Test
    @DisplayName("two tenants may share a namespace + task queue: two writers at once, only one gets the queue")
    void twoConcurrentSavesOfTheSameQueueLeaveOneTenantOnIt() throws Exception {
        Path file = dir.resolve("tenants.yaml");
        FileTenantStore first = FileTenantStore.load(file);
        FileTenantStore second = FileTenantStore.load(file);

        List<String> refusals = saveBothAtOnce(first, second);

        assertThat(refusals).singleElement().asString().contains("taskQueue 'shared'");
        assertThat(FileTenantStore.load(file).all()).hasSize(1);
    }

    @Test
    @DisplayName("two tenants may share a namespace + task queue: ConfigMap writes, start and watch refuse it")
    void theKubernetesStoreRefusesASharedQueueInWritesAtStartAndFromTheWatch() throws Exception {
        Logger storeLog = Logger.getLogger(KubernetesTenantStore.class.getName());
        CapturedWarnings capture = new CapturedWarnings();
        List<String> warnings = capture.list();
        storeLog.addHandler(capture);
        try (FakeKubernetesApi api = new FakeKubernetesApi();
             KubernetesTenantStore first = replica(api);
             KubernetesTenantStore second = replica(api)) {
            Kubectl kubectl = new Kubectl(api.url(), "talon", "talon-tenants");
            api.holdReadsUntil(2); // both replicas read the same version: the later write conflicts, reads again

            List<String> refusals = saveBothAtOnce(first, second);

            assertThat(refusals).singleElement().asString().contains("taskQueue 'shared'");
            assertThat(TenantsYaml.read(kubectl.tenantsYaml(), "the ConfigMap")).hasSize(1);

            // an edit by hand that puts two tenants on one queue: every replica keeps the last good tenants
            String kept = first.all().iterator().next().id();
            kubectl.replaceTenantsYaml(SHARING);
            eventually(() -> assertThat(warnings).filteredOn(w -> w.contains("ignoring version")).hasSize(2));
            assertThat(warnings).filteredOn(w -> w.contains("ignoring version"))
                    .allSatisfy(w -> assertThat(w).contains("taskQueue 'shared'"));
            for (KubernetesTenantStore replica : List.of(first, second)) {
                assertThat(replica.all()).extracting(TenantConfig::id).containsExactly(kept);
            }
            // and a replica starting on it does not start
            assertThatThrownBy(() -> replica(api).close()).hasMessageContaining("taskQueue 'shared'");
        } finally {
            storeLog.removeHandler(capture);
        }
    }

    /** acme through one writer, beta through the other, both on taskQueue 'shared'; returns the refusals. */
    private static List<String> saveBothAtOnce(TenantStore first, TenantStore second) throws Exception {
        List<String> refusals = new ArrayList<>();
        try (ExecutorService writers = Executors.newFixedThreadPool(2)) {
            List<CompletableFuture<Void>> saves = List.of(
                    CompletableFuture.runAsync(() -> first.put(tenant("acme")), writers),
                    CompletableFuture.runAsync(() -> second.put(tenant("beta")), writers));
            for (CompletableFuture<Void> save : saves) {
                try {
                    save.join();
                } catch (CompletionException refused) {
                    refusals.add(refused.getCause().getMessage());
                }
            }
        }
        return refusals;
    }

    private static KubernetesTenantStore replica(FakeKubernetesApi api) {
        return KubernetesTenantStore.open(new KubernetesTenantSettings(Optional.of("talon"), "talon-tenants",
                Optional.of(api.url())));
    }

    private static TenantConfig tenant(String id) {
        return new TenantConfig(id, List.of(), "default", "shared", List.of("provider-scripted"),
                new ProviderConfig("provider-scripted", "m", null, null, null, null, null),
                new ExecPolicy("disabled"), Limits.DEFAULT, null);
    }
}
