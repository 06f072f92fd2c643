package dev.talon.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTenantStoreTest {

    @TempDir
    Path dir;

    @Test
    void theShippedLocalConfigHasTheDemoTenantWithTheDevKey() {
        FileTenantStore store = FileTenantStore.load(Path.of("../config/tenants.yaml"));

        TenantConfig demo = store.find("demo").orElseThrow();
        assertThat(ApiKeys.matches(demo.apiKeys(), "demo-key")).isTrue();
        assertThat(ApiKeys.matches(demo.apiKeys(), "demo-key ")).isFalse();
        assertThat(demo.provider().plugin()).isEqualTo("provider-scripted");
        assertThat(demo.exec()).isEqualTo(new ExecPolicy("local", true));
        assertThat(demo.taskQueue()).isEqualTo("talon-demo");
    }

    @Test
    void plaintextKeysAreRefusedWithTheWayToHashThem() throws Exception {
        Path file = write("""
                tenants:
                  acme:
                    apiKeys: ["my-secret-key"]
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted}
                """);

        assertThatThrownBy(() -> FileTenantStore.load(file))
                .hasMessageContaining("sha256")
                .hasMessageContaining("hash-key")
                .hasMessageNotContaining("my-secret-key");
    }

    @Test
    void aProviderOutsideTheAllowedPluginsIsRefused() throws Exception {
        Path file = write("""
                tenants:
                  acme:
                    plugins: [tools-workspace]
                    provider: {plugin: provider-openai, model: gpt}
                """);

        assertThatThrownBy(() -> FileTenantStore.load(file)).hasMessageContaining("must be listed in plugins");
    }

    @Test
    void unknownKeysAndBadIdsAreRefused() throws Exception {
        assertThatThrownBy(() -> FileTenantStore.load(write("tenants: {acme: {provder: {}}}")))
                .hasMessageContaining("provder");
        assertThatThrownBy(() -> FileTenantStore.load(write("""
                tenants:
                  "../evil":
                    plugins: [p]
                    provider: {plugin: p}
                """))).hasMessageContaining("tenant id");
    }

    @Test
    void defaultsFillWhatATenantLeavesOut() throws Exception {
        FileTenantStore store = FileTenantStore.load(write("""
                tenants:
                  acme:
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted}
                """));

        TenantConfig acme = store.find("acme").orElseThrow();
        assertThat(acme.namespace()).isEqualTo("default");
        assertThat(acme.taskQueue()).isEqualTo("talon-acme");
        assertThat(acme.exec().disabled()).isTrue();
        assertThat(acme.limits()).isEqualTo(Limits.DEFAULT);
    }

    @Test
    void aMissingFileStartsEmptyButAMissingFolderSaysWhichSettingToChange() {
        assertThat(FileTenantStore.load(dir.resolve("new.yaml")).all()).isEmpty();
        assertThatThrownBy(() -> FileTenantStore.load(dir.resolve("no/such/dir/tenants.yaml")))
                .hasMessageContaining("TALON_TENANTS_FILE");
    }

    @Test
    void changesAreWrittenSoTheyAreThereAfterARestart() {
        Path file = dir.resolve("tenants.yaml");
        FileTenantStore store = FileTenantStore.load(file);
        List<String> heard = new ArrayList<>();
        store.addListener((id, now) -> heard.add(id + ":" + now.isPresent()));
        TenantConfig acme = new TenantConfig("acme", List.of(ApiKeys.hash("k")), "default", "q-acme",
                List.of("provider-scripted"), new ProviderConfig("provider-scripted", "m", null, null, null, null, null),
                new ExecPolicy("disabled"), Limits.DEFAULT, null, new ApprovalPolicy(List.of("write_file"), 30));
        store.put(acme);
        store.put(new TenantConfig("beta", List.of(), "default", "q-beta", acme.plugins(), acme.provider(),
                acme.exec(), acme.limits(), null));
        store.delete("beta");

        FileTenantStore restarted = FileTenantStore.load(file);
        assertThat(restarted.all()).extracting(TenantConfig::id).containsExactly("acme");
        assertThat(restarted.find("acme")).contains(acme);
        assertThat(heard).containsExactly("acme:true", "beta:true", "beta:false");
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "tenants", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
