package dev.talon.platform.budget;

import dev.talon.api.AssistantMessage;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import dev.talon.platform.tenant.Budget;
import dev.talon.platform.tenant.TenantConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Budgets of LLM use: admission of new turns, and reserve-then-settle around every LLM call, priced by the
 * platform's {@link Prices} and kept in the durable {@link UsageLedger}.
 */
public final class Budgets implements LlmMeter {

    /** A rough token count of text (a quarter of its characters), only for reservations: settlement is exact. */
    private static final int CHARS_PER_TOKEN = 4;

    private final UsageLedger ledger;
    private final Prices prices;

    public Budgets(UsageLedger ledger, Prices prices) {
        this.ledger = ledger;
        this.prices = prices;
    }

    /**
     * Refuses a new turn of a tenant whose usage has reached one of its budgets.
     *
     * @throws BudgetExhaustedException saying which budget and when it resets
     */
    public void admit(TenantConfig tenant) {
        ledger.exhausted(tenant.id(), budget(tenant)).ifPresent(e -> {
            throw e;
        });
    }

    /**
     * Holds budget for the LLM call {@code key} before it is made: its estimated input plus the tenant's
     * {@code reserveOutputTokens}. A tenant without budgets reserves nothing.
     *
     * @throws BudgetExhaustedException when usage and reservations already reach a budget
     */
    @Override
    public void reserve(TenantConfig tenant, String key, List<Message> messages) {
        Budget budget = budget(tenant);
        if (!budget.limited()) {
            return;
        }
        long input = 0;
        for (Message message : messages) {
            input += chars(message);
        }
        Usage estimate = new Usage(input / CHARS_PER_TOKEN, budget.reserveOutputTokens());
        ledger.reserve(tenant.id(), budget, key, estimate.inputTokens() + estimate.outputTokens(),
                prices.cost(model(tenant), estimate));
    }

    /**
     * Books the call's real usage, once per key, whether or not the tenant has budgets (usage is always reported).
     *
     * @return false when a retry had already settled it
     */
    @Override
    public boolean settle(TenantConfig tenant, String key, Usage usage) {
        // a provider (or the server behind it) could report negative counts: they would give budget back
        Usage real = usage == null ? Usage.NONE : new Usage(Math.max(0, usage.inputTokens()),
                Math.max(0, usage.outputTokens()), Math.max(0, usage.cacheReadTokens()),
                Math.max(0, usage.cacheWriteTokens()));
        String model = model(tenant);
        return ledger.settle(tenant.id(), key, model, real, prices.cost(model, real));
    }

    /** The call failed without usage: its reservation goes back. */
    @Override
    public void release(TenantConfig tenant, String key) {
        if (budget(tenant).limited()) {
            ledger.release(tenant.id(), key);
        }
    }

    public UsageReport report(TenantConfig tenant) {
        LedgerState state = ledger.read(tenant.id());
        Instant now = ledger.now();
        Budget budget = budget(tenant);
        return new UsageReport(tenant.id(),
                period(state, Period.DAY, now, budget.tokensPerDay(), budget.costPerDayUsd()),
                period(state, Period.MONTH, now, budget.tokensPerMonth(), budget.costPerMonthUsd()));
    }

    private static PeriodUsage period(LedgerState state, Period period, Instant now, Long tokens, BigDecimal cost) {
        String key = period.key(now);
        Map<String, ModelUsage> models = new TreeMap<>(state.usage(period, key));
        return new PeriodUsage(key, period.resetsAt(now).toString(), models, state.total(period, key),
                state.reserved(period, key).tokens(), tokens, cost);
    }

    private static Budget budget(TenantConfig tenant) {
        return tenant.budget();
    }

    private static String model(TenantConfig tenant) {
        return tenant.provider() == null || tenant.provider().model() == null ? "" : tenant.provider().model();
    }

    private static long chars(Message message) {
        long chars = message.content() == null ? 0 : message.content().length();
        if (message instanceof AssistantMessage assistant) {
            for (ToolCall call : assistant.toolCalls()) {
                chars += call.name().length() + call.arguments().toString().length();
            }
        }
        return chars;
    }
}
