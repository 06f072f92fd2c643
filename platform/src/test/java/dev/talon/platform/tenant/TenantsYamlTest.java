package dev.talon.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class TenantsYamlTest {

    @Test
    void whatIsWrittenReadsBackEqualAndInOrder() {
        Map<String, TenantConfig> tenants = new LinkedHashMap<>();
        tenants.put("zeta", new TenantConfig("zeta", List.of(ApiKeys.hash("k")), "team-z", "q-zeta",
                List.of("tools-workspace", "provider-openai"),
                new ProviderConfig("provider-openai", "gpt", "http://127.0.0.1:11434/v1", "OPENAI_API_KEY", null, 30,
                        Map.of("temperature", "0.1")),
                new ExecPolicy("local", true), new Limits(7, 30, 10), "Be brief.",
                new ApprovalPolicy(List.of("write_file"), 60)));
        tenants.put("acme", new TenantConfig("acme", List.of(), null, null, List.of("provider-scripted"),
                new ProviderConfig("provider-scripted", null, null, null, null, null, null), null, null, null));

        String yaml = TenantsYaml.write(tenants);
        Map<String, TenantConfig> read = TenantsYaml.read(yaml, "test");

        assertThat(yaml).startsWith("tenants:").doesNotContain("---");
        assertThat(read).containsExactlyEntriesOf(tenants);
        assertThat(TenantsYaml.write(read)).isEqualTo(yaml);
    }

    @Test
    void theSameTaskQueueInAnotherNamespaceIsAnotherQueue() {
        Map<String, TenantConfig> read = TenantsYaml.read("""
                tenants:
                  acme:
                    namespace: acme-ns
                    taskQueue: shared
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted}
                  beta:
                    taskQueue: shared
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted}
                """, "test");

        assertThat(read.keySet()).containsExactly("acme", "beta");
    }

    @Test
    void blankTextOrCommentsAloneAreNoTenants() {
        assertThat(TenantsYaml.read("", "test")).isEmpty();
        assertThat(TenantsYaml.read("# nothing here yet\n", "test")).isEmpty();
        assertThat(TenantsYaml.read("tenants:\n", "test")).isEmpty();
    }

    @Test
    void problemsNameTheSourceAndEveryTenantAtFault() {
        assertThatThrownBy(() -> TenantsYaml.read("tenants: [not, a, map]", "key tenants.yaml of ConfigMap a/b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("key tenants.yaml of ConfigMap a/b is not valid: ");
        assertThatThrownBy(() -> TenantsYaml.read("""
                tenants:
                  acme:
                  beta:
                    plugins: [tools-workspace]
                    provider: {plugin: provider-scripted}
                """, "tenant config x.yaml"))
                .hasMessageContaining("acme: has no settings")
                .hasMessageContaining("beta: provider plugin 'provider-scripted' must be listed in plugins");
    }

    @Test
    @Tag("hostile-model")
    @DisplayName("finding: floats were accepted for integers and a repeated key silently replaced the first")
    void aRepeatedKeyOrAFractionForAWholeNumberIsAnError() {
        String tenant = """
                    plugins: [provider-scripted]
                    provider: {plugin: provider-scripted}
                """;
        assertThatThrownBy(() -> TenantsYaml.read("tenants:\n  acme:\n" + tenant + "  acme:\n" + tenant, "t.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Duplicate field 'acme'");
        assertThatThrownBy(() -> TenantsYaml.read("tenants:\n  acme:\n" + tenant + "    limits: {maxIterations: 1.5}\n",
                "t.yaml"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("t.yaml is not valid: ");
        assertThat(TenantsYaml.read("tenants:\n  acme:\n" + tenant + "    limits: {maxIterations: 3}\n", "t.yaml")
                .get("acme").limits().maxIterations()).isEqualTo(3);
    }
}
