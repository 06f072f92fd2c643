package dev.talon.platform.budget;

import dev.talon.api.Message;
import dev.talon.api.Usage;
import dev.talon.platform.tenant.TenantConfig;
import java.util.List;

/** What the LlmChat activity does around each provider call: reserve budget before, settle or release after. */
public interface LlmMeter {

    /** Meters nothing: for runners that have no ledger (benchmarks). */
    LlmMeter NONE = new LlmMeter() {
        @Override
        public void reserve(TenantConfig tenant, String key, List<Message> messages) {
        }

        @Override
        public boolean settle(TenantConfig tenant, String key, Usage usage) {
            return true;
        }

        @Override
        public void release(TenantConfig tenant, String key) {
        }
    };

    /** @throws BudgetExhaustedException when the tenant's budget has no room for the call */
    void reserve(TenantConfig tenant, String key, List<Message> messages);

    /** @return false when the call was settled before (a retry): nothing was counted again */
    boolean settle(TenantConfig tenant, String key, Usage usage);

    void release(TenantConfig tenant, String key);
}
