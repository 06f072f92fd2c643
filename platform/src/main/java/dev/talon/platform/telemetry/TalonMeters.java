package dev.talon.platform.telemetry;

import dev.talon.api.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Talon's meters of the worker side, recorded live as activities finish (each attempt counts: a retried call is
 * two calls to the provider). Labels come from config and the worker, never from what the LLM wrote: the tenant
 * (the worker's), the model (the tenant's config), a tool name only when the tenant is offered that tool
 * ({@link #OTHER_TOOL} otherwise), and outcomes from a fixed set. Turn and approval counters are recorded in the
 * workflow ({@link TurnMetrics}), through Temporal's replay-safe metrics scope.
 */
final class TalonMeters {

    /** The label of a tool name the tenant was not offered (hallucinated, forged, since removed). */
    static final String OTHER_TOOL = "other";

    private final MeterRegistry registry;

    TalonMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void llmCall(String tenant, String model, String outcome, Duration took) {
        Timer.builder("talon.llm.duration")
                .description("LLM calls (each attempt) and how long they took, by outcome")
                .tags("tenant", tenant, "model", model, "outcome", outcome)
                .register(registry).record(took);
    }

    void tokens(String tenant, String model, Usage usage) {
        count(tenant, model, "input", usage.inputTokens());
        count(tenant, model, "output", usage.outputTokens());
        count(tenant, model, "cache_read", usage.cacheReadTokens());
        count(tenant, model, "cache_write", usage.cacheWriteTokens());
    }

    private void count(String tenant, String model, String type, long tokens) {
        // registered even at 0, so every type shows once the model was called
        Counter.builder("talon.llm.tokens")
                .description("tokens of LLM calls: input (cached ones too), output, cache_read and cache_write (of the input)")
                .tags("tenant", tenant, "model", model, "type", type)
                .register(registry).increment(Math.max(0, tokens));
    }

    void toolCall(String tenant, String tool, String outcome, Duration took) {
        Timer.builder("talon.tool.duration")
                .description("tool calls (each attempt) and how long they took, by tool and outcome")
                .tags("tenant", tenant, "tool", tool, "outcome", outcome)
                .register(registry).record(took);
    }
}
