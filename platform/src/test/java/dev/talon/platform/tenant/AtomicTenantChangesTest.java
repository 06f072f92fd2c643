package dev.talon.platform.tenant;

import static dev.talon.platform.tenant.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.platform.data.DataLayout;
import dev.talon.platform.plugin.BuiltPlugins;
import dev.talon.platform.plugin.PluginHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant change, a key revocation and a key issuance at the same moment, from two writers of one store (here two
 * processes on one tenants file; two replicas on one ConfigMap of a real kube-apiserver in AtomicTenantChangesIT),
 * round after round: each change must apply to the tenant as it is stored when it is written, never to a copy read
 * earlier.
 */
@Tag("hostile-model")
class AtomicTenantChangesTest {

    static final int ROUNDS = 60;

    @TempDir
    static Path pluginsDir;
    static PluginHost plugins;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadPlugins() throws Exception {
        plugins = BuiltPlugins.load(pluginsDir);
    }

    @AfterAll
    static void closePlugins() {
        plugins.close();
    }

    @Test
    @DisplayName("key revocation and issuance race with tenant changes: file store, two processes on one file")
    void theFileStoreKeepsEveryChangeOfTwoWritersOnOneFile() throws Exception {
        Path file = dir.resolve("tenants.yaml");
        FileTenantStore first = FileTenantStore.load(file);
        FileTenantStore second = FileTenantStore.load(file);
        admin(first).put(tenant("before the rounds"));

        List<String> wrong = race(admin(first), admin(second),
                () -> TenantsYaml.read(read(file), "tenant config " + file));

        assertThat(wrong).as("of " + ROUNDS + " rounds").isEmpty();
    }

    /**
     * The tenant exists. Each round: the second writer issues a key; then, together, the first writer changes the tenant (the
     * model), the second revokes that key and the first issues another. Returns what went wrong, per round.
     */
    static List<String> race(TenantAdmin firstWriter, TenantAdmin secondWriter,
                                     Supplier<Map<String, TenantConfig>> stored) throws Exception {
        List<String> wrong = new ArrayList<>();
        try (ExecutorService writers = Executors.newFixedThreadPool(3)) {
            for (int round = 0; round < ROUNDS; round++) {
                TenantAdmin.NewKey old = secondWriter.newKey("acme").orElse(null);
                if (old == null) {
                    wrong.add("round " + round + ": the second writer finds no tenant 'acme' to issue a key for");
                    continue;
                }
                String model = "round " + round;
                CountDownLatch go = new CountDownLatch(1);
                Future<?> change = writers.submit(onSignal(go, () -> firstWriter.put(tenant(model))));
                Future<Boolean> revoke = writers.submit(onSignal(go, () -> secondWriter.revokeKey("acme",
                        old.keyId())));
                Future<TenantAdmin.NewKey> issue = writers.submit(onSignal(go,
                        () -> firstWriter.newKey("acme").orElseThrow()));
                go.countDown();
                change.get();
                boolean revoked = revoke.get();
                TenantAdmin.NewKey fresh = issue.get();

                TenantConfig now = stored.get().get("acme");
                if (!revoked) {
                    wrong.add("round " + round + ": the revocation did not find the key it was given");
                }
                if (ApiKeys.matches(now.apiKeys(), old.key())) {
                    wrong.add("round " + round + ": the revoked key " + old.keyId() + " is stored again");
                }
                if (!ApiKeys.matches(now.apiKeys(), fresh.key())) {
                    wrong.add("round " + round + ": the issued key " + fresh.keyId() + " was lost");
                }
                if (!now.provider().model().equals(model)) {
                    wrong.add("round " + round + ": the change was lost (model '" + now.provider().model() + "')");
                }
            }
        }
        return wrong;
    }

    private TenantAdmin admin(TenantStore store) {
        return new TenantAdmin(store, plugins, new DataLayout(dir.resolve("data")));
    }

    /** The tenant as an admin's PUT sends it: without keys, which the store keeps. */
    static TenantConfig tenant(String model) {
        return new TenantConfig("acme", List.of(), "default", "talon-acme", List.of("provider-scripted"),
                new ProviderConfig("provider-scripted", model, null, null, null, null, null),
                new ExecPolicy("disabled"), Limits.DEFAULT, null);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> Callable<T> onSignal(CountDownLatch go, Callable<T> write) {
        return () -> {
            go.await();
            return write.call();
        };
    }
}
