package dev.talon.platform.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.api.Usage;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.tenant.Budget;
import dev.talon.plugintest.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on real files: reserve, settle, retries counted once, rollovers, concurrent writers. */
class UsageLedgerTest {

    private static final Budget HUNDRED_TOKENS_A_DAY = new Budget(100L, null, null, null, 10);

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

    private UsageLedger ledger() {
        return new UsageLedger(new DataLayout(dataDir), clock);
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void settlingBooksTheRealUsageByModelAndDropsTheReservation() {
        UsageLedger ledger = ledger();
        ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "wf#1", 50, usd("0.5"));
        assertThat(ledger.read("acme").reservations()).containsKey("wf#1");

        assertThat(ledger.settle("acme", "wf#1", "m1", new Usage(30, 5, 10, 0), usd("0.001"))).isTrue();

        LedgerState state = ledger.read("acme");
        assertThat(state.reservations()).isEmpty();
        assertThat(state.usage(Period.DAY, "2026-12-02")).containsEntry("m1",
                new ModelUsage(1, 30, 5, 10, 0, usd("0.001")));
        assertThat(state.usage(Period.MONTH, "2026-12")).containsEntry("m1",
                new ModelUsage(1, 30, 5, 10, 0, usd("0.001")));
        assertThat(dataDir.resolve("tenants/acme/usage/ledger.json")).isRegularFile();
    }

    @Test
    void aRetriedCallIsCountedOnceAndItsRetryReservesNothing() {
        UsageLedger ledger = ledger();
        ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "wf#1", 50, BigDecimal.ZERO);
        assertThat(ledger.settle("acme", "wf#1", "m1", new Usage(40, 10), BigDecimal.ONE)).isTrue();

        // the activity is retried after it settled (its worker died before reporting): same key, same step
        ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "wf#1", 50, BigDecimal.ZERO);
        assertThat(ledger.read("acme").reservations()).isEmpty();
        assertThat(ledger.settle("acme", "wf#1", "m1", new Usage(40, 10), BigDecimal.ONE)).isFalse();

        ModelUsage day = ledger.read("acme").total(Period.DAY, "2026-12-02");
        assertThat(day.calls()).isEqualTo(1);
        assertThat(day.tokens()).isEqualTo(50);
        assertThat(day.costUsd()).isEqualByComparingTo("1");
    }

    @Test
    void reservingTwiceUnderOneKeyHoldsOnce() {
        UsageLedger ledger = ledger();
        ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "wf#1", 60, BigDecimal.ZERO);
        ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "wf#1", 60, BigDecimal.ZERO);

        assertThat(ledger.read("acme").reserved(Period.DAY, "2026-12-02").tokens()).isEqualTo(60);
    }

    @Test
    void aReservationHoldsBudgetAgainstOtherCallsUntilReleased() {
        UsageLedger ledger = ledger();
        ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "wf-a#1", 100, BigDecimal.ZERO);

        assertThatThrownBy(() -> ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "wf-b#1", 10, BigDecimal.ZERO))
                .isInstanceOf(BudgetExhaustedException.class);
        // a new turn is not refused for a reservation: only real usage refuses turns
        assertThat(ledger.exhausted("acme", HUNDRED_TOKENS_A_DAY)).isEmpty();

        ledger.release("acme", "wf-a#1");
        ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "wf-b#1", 10, BigDecimal.ZERO);
        assertThat(ledger.read("acme").reservations()).containsOnlyKeys("wf-b#1");
    }

    @Test
    void aReservationOfADeadCallExpires() {
        UsageLedger ledger = ledger();
        ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "dead#1", 100, BigDecimal.ZERO);
        clock.advance(UsageLedger.RESERVATION_LIFETIME.plusSeconds(1));

        ledger.reserve("acme", HUNDRED_TOKENS_A_DAY, "alive#1", 10, BigDecimal.ZERO);

        assertThat(ledger.read("acme").reservations()).containsOnlyKeys("alive#1");
    }

    @Test
    void usedUpDailyTokensRefuseUntilMidnightThenTheDayStartsAgainWhileTheMonthAddsUp() {
        UsageLedger ledger = ledger();
        Budget budget = new Budget(100L, 1_000L, null, null, 10);
        ledger.settle("acme", "wf#1", "m1", new Usage(90, 10), BigDecimal.ZERO);

        assertThat(ledger.exhausted("acme", budget)).hasValueSatisfying(e -> {
            assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-12-03T00:00:00Z"));
            assertThat(e.getMessage()).isEqualTo("tenant 'acme' has used its daily token budget (100 tokens); "
                    + "it resets at 2026-12-03T00:00:00Z");
        });
        assertThatThrownBy(() -> ledger.reserve("acme", budget, "wf#2", 1, BigDecimal.ZERO))
                .isInstanceOf(BudgetExhaustedException.class);

        clock.set(Instant.parse("2026-12-03T00:00:00Z"));
        assertThat(ledger.exhausted("acme", budget)).isEmpty();
        ledger.reserve("acme", budget, "wf#2", 1, BigDecimal.ZERO);
        ledger.settle("acme", "wf#2", "m1", new Usage(20, 5), BigDecimal.ZERO);

        LedgerState state = ledger.read("acme");
        assertThat(state.total(Period.DAY, "2026-12-03").tokens()).isEqualTo(25);
        assertThat(state.total(Period.MONTH, "2026-12").tokens()).isEqualTo(125);
    }

    @Test
    void aUsedUpMonthRefusesUntilTheFirstOfTheNextMonth() {
        UsageLedger ledger = ledger();
        Budget budget = new Budget(null, null, null, usd("2.50"), 10);
        clock.set(Instant.parse("2026-12-31T23:00:00Z"));
        ledger.settle("acme", "wf#1", "m1", new Usage(1, 1), usd("2.5"));

        assertThat(ledger.exhausted("acme", budget)).hasValueSatisfying(e -> {
            assertThat(e.resetsAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
            assertThat(e.getMessage()).contains("monthly cost budget (2.50 USD)");
        });

        clock.set(Instant.parse("2027-01-01T00:00:01Z"));
        assertThat(ledger.exhausted("acme", budget)).isEmpty();
        assertThat(ledger.read("acme").total(Period.MONTH, "2027-01")).isEqualTo(ModelUsage.NONE);
    }

    @Test
    void whenDayAndMonthAreBothUsedUpTheLaterResetIsGiven() {
        UsageLedger ledger = ledger();
        ledger.settle("acme", "wf#1", "m1", new Usage(100, 0), BigDecimal.ZERO);

        assertThat(ledger.exhausted("acme", new Budget(100L, 100L, null, null, 10)))
                .hasValueSatisfying(e -> assertThat(e.resetsAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z")));
    }

    @Test
    void theLedgerSurvivesANewProcessReadingTheSameVolume() {
        ledger().settle("acme", "wf#1", "m1", new Usage(7, 3), usd("0.000123"));

        UsageLedger afterRestart = ledger();
        assertThat(afterRestart.read("acme").total(Period.DAY, "2026-12-02"))
                .isEqualTo(new ModelUsage(1, 7, 3, 0, 0, usd("0.000123")));
        assertThat(afterRestart.settle("acme", "wf#1", "m1", new Usage(7, 3), usd("0.000123"))).isFalse();
    }

    @Test
    void concurrentWritersLoseNoCallAndCountNoneTwice() throws Exception {
        int threads = 8;
        int callsEach = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                // two ledger instances on one volume, as two workers would have
                UsageLedger ledger = ledger();
                done.add(pool.submit(() -> {
                    for (int i = 0; i < callsEach; i++) {
                        String key = "wf-" + (i % 2 == 0 ? "shared" : "t" + thread) + "#" + i;
                        ledger.reserve("acme", Budget.NONE, key, 1, BigDecimal.ZERO);
                        ledger.settle("acme", key, "m1", new Usage(1, 1), usd("0.01"));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // even steps share keys across threads (the same call retried elsewhere): each counted once
        long sharedKeys = (callsEach + 1) / 2;
        long ownKeys = (long) threads * (callsEach / 2);
        ModelUsage day = ledger().read("acme").total(Period.DAY, "2026-12-02");
        assertThat(day.calls()).isEqualTo(sharedKeys + ownKeys);
        assertThat(day.costUsd()).isEqualByComparingTo(usd("0.01").multiply(BigDecimal.valueOf(sharedKeys + ownKeys)));
        try (var files = Files.list(dataDir.resolve("tenants/acme/usage"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ledger.json",
                    ".ledger.json.lock");
        }
    }

    @Test
    void writerProcessesOnOneVolumeLoseNoCall() throws Exception {
        int calls = 40;
        List<Process> writers = new ArrayList<>();
        for (String prefix : List.of("p1", "p2", "p3")) {
            writers.add(new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                    System.getProperty("java.class.path"), LedgerWriterProcess.class.getName(), dataDir.toString(),
                    prefix, Integer.toString(calls)).inheritIO().start());
        }
        for (Process writer : writers) {
            assertThat(writer.waitFor()).isZero();
        }
        LedgerState state = new UsageLedger(new DataLayout(dataDir), java.time.Clock.systemUTC()).read("acme");
        ModelUsage month = state.months().keySet().stream().map(key -> state.total(Period.MONTH, key))
                .reduce(ModelUsage.NONE, ModelUsage::plus); // whichever month the writers ran in
        assertThat(month.calls()).isEqualTo(3L * calls);
        assertThat(month.costUsd()).isEqualByComparingTo(BigDecimal.valueOf(3L * calls));
    }

    @Test
    void oldDaysAndSettledKeysArePrunedButTheMonthStays() {
        UsageLedger ledger = ledger();
        ledger.settle("acme", "old#1", "m1", new Usage(1, 1), BigDecimal.ZERO);
        clock.set(Instant.parse("2027-02-15T00:00:00Z"));
        ledger.settle("acme", "new#1", "m1", new Usage(1, 1), BigDecimal.ZERO);

        LedgerState state = ledger.read("acme");
        assertThat(state.days()).containsOnlyKeys("2027-02-15");
        assertThat(state.months()).containsOnlyKeys("2026-12", "2027-02");
        assertThat(state.settled()).containsOnlyKeys("new#1");
        assertThat(Duration.between(Instant.parse("2026-12-02T10:00:00Z"), clock.instant()))
                .isGreaterThan(LedgerState.KEEP_SETTLED);
    }
}
