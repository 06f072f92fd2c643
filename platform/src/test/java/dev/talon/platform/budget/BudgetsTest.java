package dev.talon.platform.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.api.AssistantMessage;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.tenant.Budget;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.plugintest.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pricing and estimates around the ledger: what a reservation holds, what a settlement books. */
class BudgetsTest {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

    private Budgets budgets() {
        return new Budgets(new UsageLedger(new DataLayout(dataDir), clock), new Prices(Map.of("m",
                new Price(new BigDecimal("1000000"), new BigDecimal("2000000"), null, null))));
    }

    private static TenantConfig tenant(Budget budget) {
        return new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED, null, null, null,
                budget);
    }

    @Test
    void aReservationHoldsTheEstimatedInputPlusTheReservedOutputAtTheModelsPrice() {
        Budgets budgets = budgets();
        TenantConfig acme = tenant(new Budget(null, null, new BigDecimal("1000"), null, 10));

        budgets.reserve(acme, "wf#1", List.of(new UserMessage("x".repeat(400)), AssistantMessage.text("y".repeat(40))));

        PeriodUsage day = budgets.report(acme).day();
        assertThat(day.reservedTokens()).isEqualTo(110 + 10);
        assertThat(day.costLimitUsd()).isEqualByComparingTo("1000");
    }

    @Test
    void aCostBudgetRefusesOnceTheCostIsReached() {
        Budgets budgets = budgets();
        TenantConfig acme = tenant(new Budget(null, null, new BigDecimal("50"), null, 0));

        budgets.settle(acme, "wf#1", new Usage(30, 10)); // 30 * 1 + 10 * 2 = 50 USD

        assertThat(budgets.report(acme).day().total().costUsd()).isEqualByComparingTo("50");
        assertThatThrownBy(() -> budgets.admit(acme)).isInstanceOf(BudgetExhaustedException.class)
                .hasMessageContaining("daily cost budget (50 USD)");
    }

    @Test
    void negativeCountsFromAProviderGiveNoBudgetBack() {
        Budgets budgets = budgets();
        TenantConfig acme = tenant(new Budget(100L, null, null, null, 0));
        budgets.settle(acme, "wf#1", new Usage(60, 40));

        budgets.settle(acme, "wf#2", new Usage(-1_000, -1_000, -5, -5));

        assertThat(budgets.report(acme).day().total().tokens()).isEqualTo(100);
        assertThat(budgets.report(acme).day().total().costUsd()).isEqualByComparingTo("140");
        assertThatThrownBy(() -> budgets.admit(acme)).isInstanceOf(BudgetExhaustedException.class);
    }

    @Test
    void aTenantWithoutBudgetReservesNothingAndIsNeverRefused() {
        Budgets budgets = budgets();
        TenantConfig acme = tenant(Budget.NONE);

        budgets.reserve(acme, "wf#1", List.of(new UserMessage("hello")));
        budgets.settle(acme, "wf#1", new Usage(1_000_000, 1_000_000));
        budgets.admit(acme);

        assertThat(budgets.report(acme).day().reservedTokens()).isZero();
        assertThat(budgets.report(acme).day().total().calls()).isEqualTo(1);
    }
}
