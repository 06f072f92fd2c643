package dev.talon.platform.tenant;

import static dev.talon.platform.tenant.Eventually.PATIENCE;
import static dev.talon.platform.tenant.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.kubetest.KubeControlPlaneExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two platform replicas sharing tenants through one ConfigMap of a REAL kube-apiserver (etcd, conflicts, watches,
 * bookmarks and all), edited beside them with the real kubectl. Each test has a ConfigMap of its own.
 * What only a fake API can do on cue (hold reads so two writers conflict, conflict forever, refuse watches, forget
 * history) stays in {@link KubernetesTenantStoreTest}.
 */
class KubernetesTenantStoreIT {

    @RegisterExtension
    static final KubeControlPlaneExtension KUBE = KubeControlPlaneExtension.apiOnly();

    private static final String NAMESPACE = "talon";
    private static final AtomicInteger CONFIG_MAPS = new AtomicInteger();

    /** A listener call: the tenant and its config afterwards. */
    private record Heard(String tenantId, Optional<TenantConfig> now) {
    }

    private String configMap;
    private KubernetesTenantStore replicaA;
    private KubernetesTenantStore replicaB;
    private final List<KubernetesTenantStore> replicas = new ArrayList<>();
    private final BlockingQueue<Heard> heardByA = new LinkedBlockingQueue<>();
    private final BlockingQueue<Heard> heardByB = new LinkedBlockingQueue<>();
    private final Logger storeLog = Logger.getLogger(KubernetesTenantStore.class.getName());
    private final CapturedWarnings warningCapture = new CapturedWarnings();
    private final List<String> warnings = warningCapture.list();

    @BeforeAll
    static void namespace() {
        KUBE.plane().kubectl("create", "namespace", NAMESPACE);
    }

    @BeforeEach
    void startTwoReplicas() {
        storeLog.addHandler(warningCapture);
        configMap = "talon-tenants-" + CONFIG_MAPS.incrementAndGet();
        replicaA = replica();
        replicaB = replica();
        replicaA.addListener((id, now) -> heardByA.add(new Heard(id, now)));
        replicaB.addListener((id, now) -> heardByB.add(new Heard(id, now)));
    }

    @AfterEach
    void stop() {
        replicas.forEach(KubernetesTenantStore::close);
        storeLog.removeHandler(warningCapture);
    }

    @Test
    void aTenantSavedOnOneReplicaReachesTheOtherAndItsListeners() throws Exception {
        TenantConfig acme = tenant("acme", "m1");

        replicaA.put(acme);

        assertThat(next(heardByB)).isEqualTo(new Heard("acme", Optional.of(acme)));
        assertThat(replicaB.find("acme")).contains(acme);
        assertThat(next(heardByA)).isEqualTo(new Heard("acme", Optional.of(acme)));
        // the watch's echo of A's own write is not a second change: A's next call is about the next tenant
        replicaA.put(tenant("beta", "m1"));
        assertThat(next(heardByA).tenantId()).isEqualTo("beta");
        assertThat(tenantsYaml()).contains("acme:", "beta:").startsWith("# Written by Talon");
    }

    @Test
    void aTenantDeletedOnOneReplicaIsGoneOnTheOtherWithAnEmptyConfig() throws Exception {
        replicaA.put(tenant("acme", "m1"));
        next(heardByB);

        assertThat(replicaA.delete("acme")).isTrue();

        assertThat(next(heardByB)).isEqualTo(new Heard("acme", Optional.empty()));
        assertThat(replicaB.find("acme")).isEmpty();
        assertThat(replicaB.delete("acme")).isFalse();
    }

    @Test
    void editsOfTheConfigMapWithKubectlChangeTheTenantOnEveryReplica() throws Exception {
        replicaA.put(tenant("acme", "m1"));
        next(heardByA);
        next(heardByB);

        kubectlReplace("""
                tenants:
                  acme:
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted, model: edited-by-hand}
                """);

        for (var heard : List.of(heardByA, heardByB)) {
            Heard change = next(heard);
            assertThat(change.tenantId()).isEqualTo("acme");
            assertThat(change.now()).get().extracting(t -> t.provider().model()).isEqualTo("edited-by-hand");
        }

        kubectlPatch("""
                tenants:
                  acme:
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted, model: patched}
                  beta:
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted}
                """);

        eventually(() -> assertThat(replicaB.all()).extracting(t -> t.id() + ":" + t.provider().model())
                .containsExactly("acme:patched", "beta:"));
        eventually(() -> assertThat(replicaA.all()).hasSize(2));
    }

    @Test
    void manyConcurrentSavesFromTwoReplicasAllSurviveTheServersConflicts() throws Exception {
        int perReplica = 8;
        try (ExecutorService writers = Executors.newFixedThreadPool(4)) {
            List<CompletableFuture<Void>> saves = new ArrayList<>();
            for (int i = 0; i < perReplica; i++) {
                String onA = "a" + i;
                String onB = "b" + i;
                saves.add(CompletableFuture.runAsync(() -> replicaA.put(tenant(onA, "m1")), writers));
                saves.add(CompletableFuture.runAsync(() -> replicaB.put(tenant(onB, "m1")), writers));
            }
            CompletableFuture.allOf(saves.toArray(CompletableFuture[]::new))
                    .get(PATIENCE.toSeconds() * 3, TimeUnit.SECONDS);
        }

        // every write read-modify-wrote the one ConfigMap; a lost update would drop a tenant here
        for (KubernetesTenantStore replica : List.of(replicaA, replicaB)) {
            eventually(() -> assertThat(replica.all()).hasSize(2 * perReplica));
        }
        String yaml = tenantsYaml();
        for (int i = 0; i < perReplica; i++) {
            assertThat(yaml).contains("a" + i + ":", "b" + i + ":");
        }
    }

    @Test
    void aRestartedApiServerCutsTheWatchesAndChangesAfterwardsStillArrive() throws Exception {
        replicaA.put(tenant("acme", "m1"));
        next(heardByB);

        KUBE.plane().restartApiServer();
        kubectlPatch("""
                tenants:
                  acme:
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted, model: after-restart}
                """);

        assertThat(next(heardByB).now()).get().extracting(t -> t.provider().model()).isEqualTo("after-restart");
        replicaB.put(tenant("beta", "m1"));
        eventually(() -> assertThat(replicaA.all()).extracting(TenantConfig::id).containsExactly("acme", "beta"));
    }

    @Test
    void invalidYamlIsIgnoredAndTheLastGoodTenantsKept() throws Exception {
        TenantConfig acme = tenant("acme", "m1");
        replicaA.put(acme);
        next(heardByA);
        next(heardByB);

        kubectlReplace("tenants: [this is not, a map");
        eventually(() -> assertThat(warnings).filteredOn(w -> w.contains("ignoring version")).hasSize(2));
        kubectlPatch("""
                tenants:
                  acme:
                    plugins: [provider-openai]
                    provider: {plugin: provider-scripted}
                """); // parses, but fails validation
        eventually(() -> assertThat(warnings).filteredOn(w -> w.contains("ignoring version")).hasSize(4));

        assertThat(warnings).filteredOn(w -> w.contains("ignoring version")).allSatisfy(w -> assertThat(w)
                .contains("keeping the last good tenants", "ConfigMap talon/" + configMap));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("must be listed in plugins"));
        assertThat(replicaA.find("acme")).contains(acme);
        assertThat(replicaB.find("acme")).contains(acme);
        assertThat(heardByA).isEmpty();
        assertThat(heardByB).isEmpty();
        assertThatThrownBy(() -> replicaA.put(tenant("beta", "m1"))).hasMessageContaining("fix the ConfigMap first");

        kubectlReplace("""
                tenants:
                  acme:
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted, model: fixed}
                """);
        assertThat(next(heardByB).now()).get().extracting(t -> t.provider().model()).isEqualTo("fixed");
    }

    @Test
    void deletingTheConfigMapRemovesEveryTenantAndTheNextSaveCreatesItAgain() throws Exception {
        replicaA.put(tenant("acme", "m1"));
        replicaA.put(tenant("beta", "m1"));
        next(heardByB);
        next(heardByB);

        KUBE.plane().kubectl("-n", NAMESPACE, "delete", "configmap", configMap);

        assertThat(List.of(next(heardByB), next(heardByB))).containsExactlyInAnyOrder(
                new Heard("acme", Optional.empty()), new Heard("beta", Optional.empty()));
        assertThat(replicaB.all()).isEmpty();
        replicaB.put(tenant("gamma", "m1"));
        eventually(() -> assertThat(replicaA.all()).extracting(TenantConfig::id).containsExactly("gamma"));
    }

    @Test
    void aReplicaStartedLaterReadsTheTenantsAndRefusesToStartOnInvalidOnes() {
        replicaA.put(tenant("acme", "m1"));
        assertThat(replica().find("acme")).contains(tenant("acme", "m1"));

        kubectlReplace("tenants: {acme: {provder: {}}}");

        assertThatThrownBy(this::replica).hasMessageContaining("not valid").hasMessageContaining("provder");
    }

    @Test
    void afterCloseTheReplicaNoLongerFollowsTheConfigMap() {
        replicaB.close();

        replicaA.put(tenant("acme", "m1"));

        assertThat(replicaA.find("acme")).isPresent();
        assertThat(replicaB.find("acme")).isEmpty();
    }

    private KubernetesTenantStore replica() {
        KubernetesTenantStore replica = KubernetesTenantStore.open(new KubernetesTenantSettings(Optional.of(NAMESPACE),
                configMap, Optional.of(KUBE.plane().proxyUrl())));
        replicas.add(replica);
        return replica;
    }

    private String tenantsYaml() {
        return KUBE.plane().kubectl("-n", NAMESPACE, "get", "configmap", configMap,
                "-o", "go-template={{index .data \"" + TenantsConfigMap.DATA_KEY + "\"}}");
    }

    /** {@code kubectl replace}: the whole ConfigMap, without a resourceVersion, so it wins over any writer. */
    private void kubectlReplace(String yaml) {
        KUBE.plane().kubectlWithInput(configMapJson(yaml), "replace", "-f", "-");
    }

    private void kubectlPatch(String yaml) {
        KUBE.plane().kubectl("-n", NAMESPACE, "patch", "configmap", configMap, "--type", "merge",
                "-p", "{\"data\":{\"" + TenantsConfigMap.DATA_KEY + "\":" + jsonString(yaml) + "}}");
    }

    private String configMapJson(String yaml) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + configMap
                + "\",\"namespace\":\"" + NAMESPACE + "\"},\"data\":{\"" + TenantsConfigMap.DATA_KEY + "\":"
                + jsonString(yaml) + "}}";
    }

    private static String jsonString(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
