package dev.talon.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tenant's {@code budget:} block: read from YAML, defaults, and values refused with a message that names them. */
class BudgetConfigTest {

    private static final String TENANT = """
            tenants:
              acme:
                plugins: [provider-scripted]
                provider: {plugin: provider-scripted, model: scripted}
                %s
            """;

    private static TenantConfig withBudget(Budget budget) {
        return new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED, null, null, null,
                budget);
    }

    @Test
    void aBudgetIsReadFromTheTenantsDocument() {
        TenantConfig acme = TenantsYaml.read(TENANT.formatted("budget: {tokensPerDay: 1000, tokensPerMonth: 20000, "
                + "costPerDayUsd: 1.25, costPerMonthUsd: 30, reserveOutputTokens: 512}"), "test").get("acme");

        assertThat(acme.budget()).isEqualTo(new Budget(1_000L, 20_000L, new BigDecimal("1.25"), new BigDecimal("30"),
                512));
        assertThat(acme.budget().limited()).isTrue();
        // and it survives a write and a read (the file and Kubernetes stores rewrite the document)
        assertThat(TenantsYaml.read(TenantsYaml.write(java.util.Map.of("acme", acme)), "again").get("acme").budget())
                .isEqualTo(acme.budget());
    }

    @Test
    void noBudgetMeansNoLimitAndTheDefaultReservation() {
        TenantConfig acme = TenantsYaml.read(TENANT.formatted(""), "test").get("acme");

        assertThat(acme.budget().limited()).isFalse();
        assertThat(acme.budget().reserveOutputTokens()).isEqualTo(Budget.DEFAULT_RESERVE_OUTPUT_TOKENS);
    }

    @Test
    void negativeLimitsAreProblemsThatNameTheField() {
        assertThat(TenantValidation.problems(withBudget(new Budget(-1L, null, null, null, null))))
                .containsExactly("acme: budget.tokensPerDay and budget.tokensPerMonth cannot be negative");
        assertThat(TenantValidation.problems(withBudget(new Budget(null, null, null, new BigDecimal("-0.01"), null))))
                .containsExactly("acme: budget.costPerDayUsd and budget.costPerMonthUsd cannot be negative");
        assertThat(TenantValidation.problems(withBudget(new Budget(null, null, null, null, -5))))
                .containsExactly("acme: budget.reserveOutputTokens must be between 0 and 10000000");
    }

    @Test
    void aMisspelledBudgetFieldIsRefused() {
        assertThatThrownBy(() -> TenantsYaml.read(TENANT.formatted("budget: {tokensPerDy: 10}"), "test"))
                .hasMessageContaining("tokensPerDy");
    }
}
