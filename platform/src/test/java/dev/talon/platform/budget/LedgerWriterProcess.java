package dev.talon.platform.budget;

import dev.talon.api.Usage;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.tenant.Budget;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A separate JVM that writes to a ledger, as a second worker process on the same volume would: settles
 * {@code calls} calls keyed {@code wf-<prefix>#<i>}. Args: dataDir prefix calls.
 */
public final class LedgerWriterProcess {

    private LedgerWriterProcess() {
    }

    public static void main(String[] args) {
        UsageLedger ledger = new UsageLedger(new DataLayout(Path.of(args[0])), Clock.systemUTC());
        int calls = Integer.parseInt(args[2]);
        for (int i = 0; i < calls; i++) {
            String key = "wf-" + args[1] + "#" + i;
            ledger.reserve("acme", Budget.NONE, key, 1, BigDecimal.ZERO);
            ledger.settle("acme", key, "m1", new Usage(1, 1), BigDecimal.ONE);
        }
    }
}
