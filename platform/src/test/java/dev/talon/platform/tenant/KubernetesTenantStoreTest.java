package dev.talon.platform.tenant;

import static dev.talon.platform.tenant.Eventually.PATIENCE;
import static dev.talon.platform.tenant.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas sharing tenants through one ConfigMap of a fake Kubernetes API, for the faults a real API server
 * cannot be made to show on cue: reads held so two writers must conflict, a conflict on every write, watches
 * refused while a change happens, history forgotten (410 Gone). Everything else runs against a real kube-apiserver
 * in {@link KubernetesTenantStoreIT}.
 */
class KubernetesTenantStoreTest {

    private static final String NAMESPACE = "talon";
    private static final String CONFIG_MAP = "talon-tenants";

    /** A listener call: the tenant and its config afterwards. */
    private record Heard(String tenantId, Optional<TenantConfig> now) {
    }

    private FakeKubernetesApi api;
    private Kubectl kubectl;
    private KubernetesTenantStore replicaA;
    private KubernetesTenantStore replicaB;
    private final BlockingQueue<Heard> heardByA = new LinkedBlockingQueue<>();
    private final BlockingQueue<Heard> heardByB = new LinkedBlockingQueue<>();
    private final Logger storeLog = Logger.getLogger(KubernetesTenantStore.class.getName());
    private final CapturedWarnings warningCapture = new CapturedWarnings();
    private final List<String> warnings = warningCapture.list();

    @BeforeEach
    void startTwoReplicas() throws Exception {
        storeLog.addHandler(warningCapture);
        api = new FakeKubernetesApi();
        kubectl = new Kubectl(api.url(), NAMESPACE, CONFIG_MAP);
        replicaA = replica();
        replicaB = replica();
        replicaA.addListener((id, now) -> heardByA.add(new Heard(id, now)));
        replicaB.addListener((id, now) -> heardByB.add(new Heard(id, now)));
    }

    @AfterEach
    void stop() {
        replicaA.close();
        replicaB.close();
        api.close();
        storeLog.removeHandler(warningCapture);
    }

    @Test
    void concurrentSavesOfDifferentTenantsFromTwoReplicasBothSurvive() throws Exception {
        api.holdReadsUntil(2); // both replicas read the same version, so one write must conflict

        try (ExecutorService writers = Executors.newFixedThreadPool(2)) { // not the common pool: it may have one
            CompletableFuture<Void> onA = CompletableFuture.runAsync(() -> replicaA.put(tenant("acme", "m1")), writers);
            CompletableFuture<Void> onB = CompletableFuture.runAsync(() -> replicaB.put(tenant("beta", "m1")), writers);
            CompletableFuture.allOf(onA, onB).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(api.conflicts()).isPositive();
        for (KubernetesTenantStore replica : List.of(replicaA, replicaB)) {
            eventually(() -> assertThat(replica.all()).extracting(TenantConfig::id)
                    .containsExactlyInAnyOrder("acme", "beta"));
        }
        assertThat(kubectl.tenantsYaml()).contains("acme:", "beta:");
    }

    @Test
    void aWriterThatKeepsLosingGivesUpWithAClearMessage() {
        replicaA.put(tenant("acme", "m1"));
        api.conflictOnEveryReplace(true);

        assertThatThrownBy(() -> replicaB.put(tenant("beta", "m1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("change tenant 'beta'")
                .hasMessageContaining("ConfigMap talon/talon-tenants")
                .hasMessageContaining("times in a row");
        assertThat(replicaB.find("beta")).isEmpty();
    }

    @Test
    void aDroppedWatchIsReestablishedAndLaterChangesStillArrive() throws Exception {
        eventually(() -> assertThat(api.openWatches()).isEqualTo(2));
        int opened = api.watchesOpened();

        api.refuseWatches(true);
        api.dropWatches();
        eventually(() -> assertThat(api.openWatches()).isZero());
        replicaA.put(tenant("acme", "m1")); // while B is not watching: it must resume from its last version
        api.refuseWatches(false);

        assertThat(next(heardByB).tenantId()).isEqualTo("acme");
        eventually(() -> assertThat(api.watchesOpened()).isGreaterThanOrEqualTo(opened + 2));
        eventually(() -> assertThat(api.openWatches()).isEqualTo(2));
        kubectl.patchTenantsYaml("""
                tenants:
                  acme:
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted, model: after-reconnect}
                """);
        assertThat(next(heardByB).now()).get().extracting(t -> t.provider().model()).isEqualTo("after-reconnect");
    }

    @Test
    void aWatchTooOldToResumeListsAgainAndCatchesUp() throws Exception {
        replicaA.put(tenant("acme", "m1"));
        next(heardByB);
        eventually(() -> assertThat(api.openWatches()).isEqualTo(2));

        // while B cannot watch, A changes a tenant, and the API forgets the history B would resume from
        api.refuseWatches(true);
        api.dropWatches();
        eventually(() -> assertThat(api.openWatches()).isZero());
        replicaA.put(tenant("beta", "m1"));
        api.forgetHistory();
        api.refuseWatches(false);

        assertThat(next(heardByB).tenantId()).isEqualTo("beta");
        assertThat(api.expiredWatches()).isPositive();
        assertThat(replicaB.all()).extracting(TenantConfig::id).containsExactly("acme", "beta");
        replicaA.delete("acme");
        assertThat(next(heardByB)).isEqualTo(new Heard("acme", Optional.empty()));
    }

    @Test
    void aReplicaDoesNotStartWithoutTheApi() {
        String nowhere = "http://127.0.0.1:1";
        assertThatThrownBy(() -> KubernetesTenantStore.open(new KubernetesTenantSettings(Optional.of(NAMESPACE),
                CONFIG_MAP, Optional.of(nowhere))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(nowhere)
                .hasMessageContaining("talon.tenants.kubernetes.api-url");
    }

    @Test
    void afterCloseTheReplicaNoLongerWatches() {
        long watching = watchThreads();

        replicaB.close();

        assertThat(watchThreads()).isEqualTo(watching - 1);
        replicaA.put(tenant("acme", "m1"));
        assertThat(replicaB.find("acme")).isEmpty();
        assertThat(replicaA.find("acme")).isPresent();
    }

    @Test
    void resourceVersionsCompareAsNumbersWhenTheyAreNumbers() {
        assertThat(KubernetesTenantStore.isNewer("10", "9")).isTrue();
        assertThat(KubernetesTenantStore.isNewer("9", "10")).isFalse();
        assertThat(KubernetesTenantStore.isNewer("10", "10")).isFalse();
        assertThat(KubernetesTenantStore.isNewer("b", "a")).isTrue();
        assertThat(KubernetesTenantStore.isNewer("1", null)).isTrue();
    }

    private static long watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("talon-tenants-watch-"))
                .count();
    }

    private KubernetesTenantStore replica() {
        return KubernetesTenantStore.open(new KubernetesTenantSettings(Optional.of(NAMESPACE), CONFIG_MAP,
                Optional.of(api.url())));
    }

    private static TenantConfig tenant(String id, String model) {
        return new TenantConfig(id, List.of(ApiKeys.hash("key-" + id)), "default", "talon-" + id,
                List.of("provider-scripted"),
                new ProviderConfig("provider-scripted", model, null, null, null, null, null),
                new ExecPolicy("disabled"), Limits.DEFAULT, null);
    }

    private static Heard next(BlockingQueue<Heard> heard) throws InterruptedException {
        Heard change = heard.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(change).as("a listener call within " + PATIENCE).isNotNull();
        return change;
    }
}
