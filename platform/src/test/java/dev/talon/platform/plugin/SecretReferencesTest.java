package dev.talon.platform.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.SecretReference;
import dev.talon.api.ToolSettings;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one resolver behind provider keys and tool settings: env or file, messages that name never reveal. */
class SecretReferencesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SecretReferences secrets = SecretReferences.of(Map.of("TOOL_KEY", " tool-secret-1 \n"));

    @Test
    void readsEnvironmentVariablesAndTheFirstLineOfFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "file-secret-2\nsecond line\n");

        assertThat(secrets.resolve(SecretReference.env("TOOL_KEY"))).isEqualTo("tool-secret-1");
        assertThat(secrets.resolve(SecretReference.file(file.toString()))).isEqualTo("file-secret-2");
    }

    @Test
    void missingSecretsNameTheirPlaceOnly(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> secrets.resolve(SecretReference.env("NOPE")))
                .hasMessage("environment variable NOPE is not set on the worker");
        assertThatThrownBy(() -> secrets.resolve(SecretReference.file(dir.resolve("absent").toString())))
                .hasMessageContaining("cannot read file");
        Path huge = dir.resolve("huge");
        Files.writeString(huge, "x".repeat(70_000));
        assertThatThrownBy(() -> secrets.resolve(SecretReference.file(huge.toString())))
                .hasMessageContaining("larger than a secret can be").hasMessageNotContaining("xxxx");
    }

    @Test
    void toolSettingsReadSecretsThroughIt() throws Exception {
        ToolSettings settings = ToolSettings.of(JSON.readTree("""
                {"key": {"env": "TOOL_KEY"}, "plain": "written-in-config", "missing": {"env": "ABSENT"}}"""), secrets);

        assertThat(settings.secret("key")).contains("tool-secret-1");
        assertThat(settings.secret("none")).isEmpty();
        assertThatThrownBy(() -> settings.secret("plain")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a reference").hasMessageNotContaining("written-in-config");
        assertThatThrownBy(() -> settings.secret("missing")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ABSENT");
        assertThat(settings.toString()).doesNotContain("TOOL_KEY", "written-in-config");
    }

    @Test
    void providerKeysUseTheSameResolverAndKeepTheirMessages() {
        TenantConfig tenant = new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", "", "ABSENT_KEY", null, 10, Map.of()), null, null, null);
        assertThatThrownBy(() -> ProviderSecrets.of(Map.of()).settingsFor(tenant))
                .hasMessage("tenant 'acme': environment variable ABSENT_KEY is not set on the worker"
                        + " (provider.apiKeyEnv)");
        assertThat(ProviderSecrets.of(Map.of("ABSENT_KEY", "k-1")).settingsFor(tenant).apiKey()).isEqualTo("k-1");
    }
}
