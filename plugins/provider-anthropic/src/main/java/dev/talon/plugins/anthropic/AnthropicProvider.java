package dev.talon.plugins.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextDelta;
import dev.talon.api.TextDeltaSink;
import java.util.function.BiFunction;
import dev.talon.api.Redactor;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.LlmProvider;
import dev.talon.api.ProviderSettings;
import org.pf4j.Extension;

/**
 * Claude through the Anthropic Messages API and the official Java SDK. The tenant config gives the model, the
 * key ({@code apiKeyEnv}/{@code apiKeyFile}), optionally {@code provider.baseUrl} (default
 * {@code https://api.anthropic.com}) and options: {@code max_tokens} (default 4096), {@code temperature},
 * {@code top_p}, {@code top_k}, {@code prompt_caching} ({@code false} turns the cache breakpoints off).
 *
 * <p>Each call is one HTTP request (the SDK's retries are off): failures are classified and Temporal retries,
 * waiting as long as the server's {@code retry-after} asks. A streaming call reads the SDK's event stream and
 * puts the message together with the SDK's {@code MessageAccumulator}.
 */
@Extension
public class AnthropicProvider implements LlmProvider {

    static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

    private static final SdkClients CLIENTS = new SdkClients();

    public AnthropicProvider() {
        // PF4J instantiates extensions through their public no-argument constructor
    }

    @Override
    public String id() {
        return "anthropic";
    }

    @Override
    public ChatResponse chat(ChatRequest request) throws LlmException {
        return call(request, (client, params) -> client.messages().create(params));
    }

    @Override
    public ChatResponse chat(ChatRequest request, TextDeltaSink deltas) throws LlmException {
        return call(request, (client, params) -> streamed(client, params, deltas));
    }

    private static Message streamed(AnthropicClient client, MessageCreateParams params, TextDeltaSink deltas) {
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(params)) {
            for (RawMessageStreamEvent event : events) {
                accumulator.accumulate(event);
                event.contentBlockDelta().flatMap(block -> block.delta().text()).map(TextDelta::text)
                        .filter(text -> !text.isEmpty()).ifPresent(deltas::text);
            }
        }
        try {
            return accumulator.message();
        } catch (IllegalStateException e) {
            // no message_stop: the connection ended mid-answer, which another try may get whole
            throw new IncompleteStreamException();
        }
    }

    private static ChatResponse call(ChatRequest request,
            BiFunction<AnthropicClient, MessageCreateParams, Message> send) throws LlmException {
        ProviderSettings settings = request.settings();
        Redactor redactor = new Redactor(settings.apiKey());
        String baseUrl = baseUrl(settings);
        if (settings.apiKey().isBlank()) {
            // never let the SDK look for a key of its own (environment, profiles): keys come from the tenant
            throw LlmException.permanent("provider-anthropic needs an API key: set provider.apiKeyEnv or "
                    + "provider.apiKeyFile in the tenant config", 0);
        }
        MessageCreateParams params = MessagesRequest.build(request);
        SdkClients.Setup setup = new SdkClients.Setup(baseUrl, settings.apiKey(), settings.timeout());
        try {
            return MessagesResponse.from(CLIENTS.with(setup, client -> send.apply(client, params)));
        } catch (IncompleteStreamException e) {
            throw LlmException.retryable(baseUrl + " ended the streamed answer before it was finished", 0, null);
        } catch (AnthropicException e) {
            if (Thread.currentThread().isInterrupted()) {
                // the activity was cancelled: let Temporal decide, keep the flag for the caller
                throw LlmException.retryable(redactor.scrub("interrupted while waiting for " + baseUrl), 0, null);
            }
            throw AnthropicFailures.from(e, baseUrl, redactor);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the SDK refuses a base URL it cannot use before it sends anything
            throw LlmException.permanent(redactor.scrub("provider-anthropic cannot call " + baseUrl + ": "
                    + e.getMessage()), 0);
        }
    }

    private static String baseUrl(ProviderSettings settings) {
        String baseUrl = settings.baseUrl().strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        return baseUrl.isEmpty() ? DEFAULT_BASE_URL : baseUrl;
    }
}
