package dev.talon.platform.rest;

import dev.talon.platform.budget.BudgetExhaustedException;
import dev.talon.platform.budget.Budgets;
import dev.talon.platform.budget.ModelUsage;
import dev.talon.platform.budget.PeriodUsage;
import dev.talon.platform.budget.UsageReport;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * LLM usage on {@code /metrics}, read from the durable ledger (so every replica shows the same numbers, and they
 * survive restarts): tokens, calls and cost per tenant, model and period (day, month), and whether a budget of
 * the tenant is used up. Gauges appear for each tenant's configured model and every model its ledger names this
 * month, at start and whenever the tenant changes; a deleted tenant's gauges go.
 */
@ApplicationScoped
public class UsageGauges {

    /** Each scrape reads a tenant's ledger once, however many of its gauges it shows. */
    private static final long REPORT_TTL_NANOS = 1_000_000_000L;

    private final MetricRegistry registry;
    private final Budgets budgets;
    private final TenantStore tenants;
    private final Map<String, Cached> reports = new ConcurrentHashMap<>();

    private record Cached(UsageReport report, long readAt) {
    }

    @Inject
    public UsageGauges(MetricRegistry registry, Budgets budgets, TenantStore tenants) {
        this.registry = registry;
        this.budgets = budgets;
        this.tenants = tenants;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        tenants.addListener(this::changed);
        tenants.all().forEach(this::register);
    }

    private void changed(String tenantId, Optional<TenantConfig> now) {
        reports.remove(tenantId);
        if (now.isPresent()) {
            register(now.get());
        } else {
            registry.removeMatching((id, metric) -> tenantId.equals(id.getTags().get("tenant"))
                    && (id.getName().startsWith("talon.usage.") || id.getName().equals("talon.budget.exhausted")));
        }
    }

    private synchronized void register(TenantConfig tenant) {
        String id = tenant.id();
        Set<String> models = new TreeSet<>();
        models.add(tenant.provider() == null ? "" : tenant.provider().model());
        try {
            // read past the scrape cache: a report cached here could hide the first calls from the next scrape
            models.addAll(budgets.report(tenant).month().models().keySet());
        } catch (RuntimeException e) {
            // an unreadable ledger still gets the configured model's gauges; the route says what is wrong
        }
        for (String model : models) {
            for (String period : new String[] {"day", "month"}) {
                Tag[] tags = {new Tag("tenant", id), new Tag("model", model), new Tag("period", period)};
                gauge("talon.usage.input-tokens", "input tokens (cached ones too) of the tenant's LLM calls",
                        MetricUnits.NONE, id, model, period, usage -> usage.inputTokens(), tags);
                gauge("talon.usage.output-tokens", "output tokens of the tenant's LLM calls", MetricUnits.NONE,
                        id, model, period, usage -> usage.outputTokens(), tags);
                gauge("talon.usage.calls", "LLM calls of the tenant, each counted once however often retried",
                        MetricUnits.NONE, id, model, period, usage -> usage.calls(), tags);
                gauge("talon.usage.cost-usd", "what the tenant's LLM calls cost, in US dollars (talon.prices)",
                        MetricUnits.NONE, id, model, period, usage -> usage.costUsd().doubleValue(), tags);
            }
        }
        MetricID exhausted = new MetricID("talon.budget.exhausted", new Tag("tenant", id));
        if (registry.getGauge(exhausted) == null) {
            registry.gauge(Metadata.builder().withName("talon.budget.exhausted")
                    .withDescription("1 while one of the tenant's budgets is used up (new turns get 429), else 0")
                    .withUnit(MetricUnits.NONE).build(), () -> exhausted(id), new Tag("tenant", id));
        }
    }

    private void gauge(String name, String description, String unit, String tenant, String model, String period,
                       ToDoubleFunction<ModelUsage> value, Tag... tags) {
        if (registry.getGauge(new MetricID(name, tags)) != null) {
            return;
        }
        registry.gauge(Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(),
                () -> value.applyAsDouble(usage(tenant, model, period)), tags);
    }

    private ModelUsage usage(String tenant, String model, String period) {
        Optional<UsageReport> report;
        try {
            report = report(tenant);
        } catch (RuntimeException e) {
            return ModelUsage.NONE; // an unreadable ledger must not take /metrics down; the usage route says why
        }
        if (report.isEmpty()) {
            return ModelUsage.NONE;
        }
        PeriodUsage usage = period.equals("day") ? report.get().day() : report.get().month();
        return usage.models().getOrDefault(model, ModelUsage.NONE);
    }

    private int exhausted(String tenant) {
        Optional<TenantConfig> config = tenants.find(tenant);
        if (config.isEmpty()) {
            return 0;
        }
        try {
            budgets.admit(config.get());
            return 0;
        } catch (BudgetExhaustedException e) {
            return 1;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private Optional<UsageReport> report(String tenant) {
        Cached cached = reports.get(tenant);
        long now = System.nanoTime();
        if (cached != null && now - cached.readAt() < REPORT_TTL_NANOS) {
            return Optional.of(cached.report());
        }
        Optional<TenantConfig> config = tenants.find(tenant);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        UsageReport report = budgets.report(config.get());
        reports.put(tenant, new Cached(report, now));
        return Optional.of(report);
    }
}
