package dev.talon.plugins.openai;

import dev.talon.api.Redactor;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.LlmProvider;
import dev.talon.api.ProviderSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Any OpenAI-compatible chat-completions endpoint: OpenAI itself, Ollama, vLLM, the llama.cpp server...
 * The tenant config gives {@code provider.baseUrl} (e.g. {@code https://api.openai.com/v1} or
 * {@code http://localhost:11434/v1}), the key, the timeout and options: {@code temperature}, {@code top_p},
 * {@code max_tokens}, {@code max_completion_tokens}, and {@code header.<Name>} for extra HTTP headers.
 *
 * <p>Each call is one HTTP request: failures are classified as retryable or not and Temporal retries.
 */
@Extension
public class OpenAiProvider implements LlmProvider {

    private static final String HEADER_OPTION = "header.";

    /*
     * One client for every tenant and thread: it pools connections and is thread-safe. HTTP/1.1 because
     * local servers often mishandle the h2c upgrade. Redirects are not followed, so the key never travels
     * to another host.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public OpenAiProvider() {
        // PF4J instantiates extensions through their public no-argument constructor
    }

    @Override
    public String id() {
        return "openai";
    }

    @Override
    public ChatResponse chat(ChatRequest request) throws LlmException {
        ProviderSettings settings = request.settings();
        Redactor redactor = new Redactor(settings.apiKey());
        String baseUrl = baseUrl(settings);
        HttpRequest httpRequest = httpRequest(baseUrl, ChatCompletionsJson.requestBody(request), settings, redactor);
        HttpResponse<String> response = send(httpRequest, baseUrl, settings, redactor);
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw HttpFailures.forStatus(baseUrl, status, response.headers(), response.body(), redactor);
        }
        try {
            return ChatCompletionsJson.response(response.body());
        } catch (UnexpectedResponseException e) {
            throw LlmException.permanent(
                    redactor.scrub("unexpected response from " + baseUrl + ": " + e.getMessage()), status);
        }
    }

    private static String baseUrl(ProviderSettings settings) throws LlmException {
        String baseUrl = settings.baseUrl().strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        if (baseUrl.isEmpty()) {
            throw LlmException.permanent("provider-openai needs an endpoint: set provider.baseUrl in the tenant "
                    + "config, e.g. https://api.openai.com/v1 or http://localhost:11434/v1", 0);
        }
        return baseUrl;
    }

    private static HttpRequest httpRequest(String baseUrl, String body, ProviderSettings settings, Redactor redactor)
            throws LlmException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"));
        } catch (IllegalArgumentException e) {
            throw LlmException.permanent(redactor.scrub("provider.baseUrl " + baseUrl
                    + " is not an http(s) URL: " + e.getMessage()), 0);
        }
        builder.timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!settings.apiKey().isEmpty()) {
            builder.header("Authorization", "Bearer " + settings.apiKey());
        }
        for (Map.Entry<String, String> option : settings.options().entrySet()) {
            if (option.getKey().startsWith(HEADER_OPTION)) {
                String name = option.getKey().substring(HEADER_OPTION.length());
                try {
                    // set, not add: a tenant's header.Authorization replaces the bearer header
                    builder.setHeader(name, option.getValue());
                } catch (IllegalArgumentException e) {
                    // the value may be a secret (Azure's api-key header): name the option only
                    throw LlmException.permanent("provider option " + option.getKey()
                            + " is not a header that can be sent", 0);
                }
            }
        }
        return builder.build();
    }

    private static HttpResponse<String> send(HttpRequest request, String baseUrl, ProviderSettings settings,
            Redactor redactor) throws LlmException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw HttpFailures.forIo(baseUrl, settings.timeout(), e, redactor);
        } catch (InterruptedException e) {
            // the activity was cancelled: keep the flag for the caller, and let Temporal decide
            Thread.currentThread().interrupt();
            throw LlmException.retryable(redactor.scrub("interrupted while waiting for " + baseUrl), 0, e);
        }
    }
}
