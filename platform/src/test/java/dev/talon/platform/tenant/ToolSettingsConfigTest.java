package dev.talon.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code toolSettings} in the tenants document: what the file and ConfigMap stores write, they read back. */
class ToolSettingsConfigTest {

    private static final String DOCUMENT = """
            tenants:
              acme:
                plugins: [tools-web, provider-scripted]
                provider: {plugin: provider-scripted}
                toolSettings:
                  tools-web:
                    allowHosts: [127.0.0.1, wiki.intranet]
                    searchProvider: brave
                    braveApiKey: {env: BRAVE_API_KEY}
            """;

    @Test
    void toolSettingsReadAndWriteBackUnchanged() {
        Map<String, TenantConfig> read = TenantsYaml.read(DOCUMENT, "test");
        ObjectNode web = (ObjectNode) read.get("acme").toolSettings().get("tools-web");

        assertThat(web.path("allowHosts").get(1).asText()).isEqualTo("wiki.intranet");
        assertThat(web.path("braveApiKey").path("env").asText()).isEqualTo("BRAVE_API_KEY");
        assertThat(TenantsYaml.read(TenantsYaml.write(read), "again")).isEqualTo(read);
    }

    @Test
    void theConfigKeepsItsOwnCopy() {
        TenantConfig acme = TenantsYaml.read(DOCUMENT, "test").get("acme");
        ((ObjectNode) acme.toolSettings().get("tools-web")).put("searchProvider", "changed");

        assertThat(acme.toolSettings().get("tools-web").path("searchProvider").asText()).isEqualTo("brave");
        assertThat(acme.withApiKeys(java.util.List.of()).toolSettings()).isEqualTo(acme.toolSettings());
    }

    @Test
    void settingsForAPluginTheTenantMayNotUseAreRefused() {
        assertThatThrownBy(() -> TenantsYaml.read(DOCUMENT.replace("plugins: [tools-web, provider-scripted]",
                "plugins: [provider-scripted]"), "test"))
                .hasMessageContaining("toolSettings for plugin 'tools-web', which is not listed in plugins");
        assertThatThrownBy(() -> TenantsYaml.read("""
                tenants:
                  acme:
                    plugins: [tools-web, provider-scripted]
                    provider: {plugin: provider-scripted}
                    toolSettings: {tools-web: [not, an, object]}
                """, "test")).hasMessageContaining("toolSettings.tools-web must be an object");
    }
}
