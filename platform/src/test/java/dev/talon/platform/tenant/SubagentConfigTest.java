package dev.talon.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tenant's {@code subagents:} block: off by default, read from YAML, limits refused with their names. */
class SubagentConfigTest {

    private static final String TENANT = """
            tenants:
              acme:
                plugins: [provider-scripted]
                provider: {plugin: provider-scripted, model: scripted}
                %s
            """;

    private static TenantConfig with(SubagentPolicy policy) {
        return new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED, null, null, null,
                null, null, policy, null, null);
    }

    @Test
    void aTenantWithoutTheBlockHasNoSubagentsAndTheDefaultLimits() {
        TenantConfig acme = TenantsYaml.read(TENANT.formatted(""), "test").get("acme");

        assertThat(acme.subagents()).isEqualTo(new SubagentPolicy(false, 1, 3, 15));
        assertThat(TenantValidation.problems(acme)).isEmpty();
    }

    @Test
    void theBlockIsReadAndSurvivesAWriteAndARead() {
        TenantConfig acme = TenantsYaml.read(TENANT.formatted("subagents: {enabled: true, maxDepth: 2, "
                + "maxConcurrent: 4, maxIterations: 8}"), "test").get("acme");

        assertThat(acme.subagents()).isEqualTo(new SubagentPolicy(true, 2, 4, 8));
        assertThat(TenantsYaml.read(TenantsYaml.write(Map.of("acme", acme)), "again").get("acme").subagents())
                .isEqualTo(acme.subagents());
    }

    @Test
    void limitsOutOfRangeAreProblemsThatNameTheField() {
        assertThat(TenantValidation.problems(with(new SubagentPolicy(true, 0, null, null))))
                .containsExactly("acme: subagents.maxDepth must be between 1 and 5");
        assertThat(TenantValidation.problems(with(new SubagentPolicy(true, 6, null, null))))
                .containsExactly("acme: subagents.maxDepth must be between 1 and 5");
        assertThat(TenantValidation.problems(with(new SubagentPolicy(true, null, 0, null))))
                .containsExactly("acme: subagents.maxConcurrent must be between 1 and 20");
        assertThat(TenantValidation.problems(with(new SubagentPolicy(true, null, null, 0))))
                .containsExactly("acme: subagents.maxIterations must be between 1 and 1000");
    }

    @Test
    void aMisspelledFieldIsRefused() {
        assertThatThrownBy(() -> TenantsYaml.read(TENANT.formatted("subagents: {enabeld: true}"), "test"))
                .hasMessageContaining("enabeld");
    }
}
