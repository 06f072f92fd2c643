package dev.talon.platform.telemetry;

import dev.talon.api.Usage;
import dev.talon.platform.workflow.ExecuteToolInput;
import dev.talon.platform.workflow.LlmChatInput;
import dev.talon.platform.workflow.LlmFailures;
import dev.talon.platform.workflow.LlmStep;
import dev.talon.platform.workflow.ToolStep;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.temporal.client.ActivityCanceledException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;

/**
 * Around each {@code LlmChat} and {@code ExecuteTool} activity: a span following the OpenTelemetry GenAI
 * conventions ({@code chat {model}}, {@code execute_tool {tool}}) and Talon's meters. Spans carry names, counts and
 * outcomes, never message text, arguments or results. Other activities pass through untouched.
 */
final class ObservedActivity extends ActivityInboundCallsInterceptorBase {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("talon.tenant");
    static final AttributeKey<Long> STEP = AttributeKey.longKey("talon.turn.step");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("talon.outcome");

    /** LlmChat's failure types as outcome labels: anything else is {@code error}, so the label stays bounded. */
    private static final Map<String, String> LLM_FAILURES = Map.of(LlmFailures.RETRYABLE, "retryable",
            LlmFailures.REJECTED, "rejected", LlmFailures.BUDGET_EXHAUSTED, "budget_exhausted");

    private final Tracing tracing;
    private final TalonMeters meters;
    private final TenantVocabulary vocabulary;

    ObservedActivity(ActivityInboundCallsInterceptor next, Tracing tracing, TalonMeters meters,
                     TenantVocabulary vocabulary) {
        super(next);
        this.tracing = tracing;
        this.meters = meters;
        this.vocabulary = vocabulary;
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
        Object argument = input.getArguments().length == 1 ? input.getArguments()[0] : null;
        if (argument instanceof LlmChatInput chat) {
            return llmChat(input, chat);
        }
        if (argument instanceof ExecuteToolInput tool) {
            return executeTool(input, tool);
        }
        return super.execute(input);
    }

    private ActivityOutput llmChat(ActivityInput input, LlmChatInput chat) {
        String model = vocabulary.model();
        String provider = vocabulary.provider();
        Span span = tracing.tracer().spanBuilder("chat " + model).setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat").setAttribute(PROVIDER, provider).setAttribute(SYSTEM, provider)
                .setAttribute(REQUEST_MODEL, model).setAttribute(TENANT, vocabulary.tenant())
                .setAttribute(STEP, (long) chat.step()).startSpan();
        long started = System.nanoTime();
        String outcome = "error";
        try (Scope ignored = span.makeCurrent()) {
            ActivityOutput output = super.execute(input);
            outcome = "ok";
            if (output.getResult() instanceof LlmStep step && step.response() != null && step.response().usage() != null) {
                Usage usage = step.response().usage();
                span.setAttribute(INPUT_TOKENS, usage.inputTokens()).setAttribute(OUTPUT_TOKENS, usage.outputTokens());
                meters.tokens(vocabulary.tenant(), model, usage);
            }
            return output;
        } catch (RuntimeException e) {
            outcome = llmOutcome(e);
            span.setStatus(StatusCode.ERROR).setAttribute(ERROR_TYPE, outcome);
            throw e;
        } finally {
            span.setAttribute(OUTCOME, outcome);
            span.end();
            meters.llmCall(vocabulary.tenant(), model, outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private ActivityOutput executeTool(ActivityInput input, ExecuteToolInput call) {
        String tool = vocabulary.toolLabel(call.call() == null ? null : call.call().name());
        Span span = tracing.tracer().spanBuilder("execute_tool " + tool).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION, "execute_tool").setAttribute(TOOL_NAME, tool)
                .setAttribute(TENANT, vocabulary.tenant()).setAttribute(STEP, (long) call.step()).startSpan();
        long started = System.nanoTime();
        String outcome = "failed";
        try (Scope ignored = span.makeCurrent()) {
            ActivityOutput output = super.execute(input);
            if (call.denial() != null) {
                outcome = "denied";
            } else if (output.getResult() instanceof ToolStep step && step.result() != null && step.result().error()) {
                outcome = "error"; // the tool answered with an error the LLM reads (bad arguments, a failed command)
            } else {
                outcome = "ok";
            }
            return output;
        } catch (ActivityCanceledException e) {
            outcome = "cancelled";
            throw e;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR).setAttribute(ERROR_TYPE, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.setAttribute(OUTCOME, outcome);
            span.end();
            meters.toolCall(vocabulary.tenant(), tool, outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static String llmOutcome(RuntimeException e) {
        if (e instanceof ActivityCanceledException) {
            return "cancelled";
        }
        if (e instanceof ApplicationFailure failure && failure.getType() != null) {
            return LLM_FAILURES.getOrDefault(failure.getType(), "error");
        }
        return "error";
    }
}
