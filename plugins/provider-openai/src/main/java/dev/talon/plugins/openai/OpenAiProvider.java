package dev.talon.plugins.openai;

import dev.talon.api.Redactor;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmException;
import dev.talon.api.LlmProvider;
import dev.talon.api.ProviderSettings;
import dev.talon.api.TextDeltaSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * Any OpenAI-compatible chat-completions endpoint: OpenAI itself, Ollama, vLLM, the llama.cpp server...
 * The tenant config gives {@code provider.baseUrl} (e.g. {@code https://api.openai.com/v1} or
 * {@code http://localhost:11434/v1}), the key, the timeout and options: {@code temperature}, {@code top_p},
 * {@code max_tokens}, {@code max_completion_tokens}, {@code header.<Name>} for extra HTTP headers, and
 * {@code stream: "false"} to ask for whole answers only.
 *
 * <p>Each call is one HTTP request: failures are classified as retryable or not and Temporal retries. A
 * streaming call ({@link #chat(ChatRequest, TextDeltaSink)}) asks for {@code stream: true} and reads the
 * server-sent chunks; a server that answers whole JSON instead is read as such.
 */
@Extension
public class OpenAiProvider implements LlmProvider {

    private static final String HEADER_OPTION = "header.";
    /** {@code stream: "false"} asks for whole answers, for a server that refuses {@code stream_options}. */
    static final String STREAM_OPTION = "stream";

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

    @Override
    public ChatResponse chat(ChatRequest request, TextDeltaSink deltas) throws LlmException {
        ProviderSettings settings = request.settings();
        if (settings.option(STREAM_OPTION).map(String::strip).filter("false"::equalsIgnoreCase).isPresent()) {
            return chat(request); // a server that refuses stream or stream_options
        }
        Redactor redactor = new Redactor(settings.apiKey());
        String baseUrl = baseUrl(settings);
        HttpRequest httpRequest = httpRequest(baseUrl, ChatCompletionsJson.requestBody(request, true), settings, redactor,
                "text/event-stream, application/json");
        HttpResponse<InputStream> response = send(httpRequest, baseUrl, settings, redactor,
                HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status < 200 || status > 299) {
                throw HttpFailures.forStatus(baseUrl, status, response.headers(), errorBody(body), redactor);
            }
            boolean eventStream = response.headers().firstValue("Content-Type").orElse("")
                    .toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
            return eventStream ? readStream(body, deltas, baseUrl, settings, redactor) : readWhole(body, deltas);
        } catch (UnexpectedResponseException e) {
            throw LlmException.permanent(
                    redactor.scrub("unexpected response from " + baseUrl + ": " + e.getMessage()), status);
        } catch (IOException e) {
            throw HttpFailures.forIo(baseUrl, settings.timeout(), e, redactor);
        }
    }

    private static ChatResponse readStream(InputStream body, TextDeltaSink deltas, String baseUrl,
            ProviderSettings settings, Redactor redactor) throws IOException, UnexpectedResponseException, LlmException {
        StreamedCompletion completion = new StreamedCompletion(deltas);
        ServerSentEvents events = new ServerSentEvents(body);
        try (IdleWatch watch = IdleWatch.start(body, settings.timeout())) {
            try {
                while (!completion.done()) {
                    Optional<String> data = events.next();
                    watch.touch();
                    if (data.isEmpty()) {
                        break;
                    }
                    completion.accept(data.get());
                }
            } catch (StreamedErrorException e) {
                // after a 200 the server can only say so in the stream; mostly overload, worth another try
                throw LlmException.retryable(redactor.scrub(baseUrl + " failed mid-stream: "
                        + redactor.scrubAndCut(e.getMessage(), 300)), 0, null, null);
            } catch (IOException e) {
                if (watch.expired()) {
                    throw LlmException.retryable(baseUrl + " sent nothing for " + settings.timeout().toSeconds()
                            + " s in the middle of a streamed answer", 0, null, null);
                }
                throw e;
            }
        }
        if (!completion.complete()) {
            throw LlmException.retryable(baseUrl + " ended the streamed answer before it was finished", 0, null, null);
        }
        return completion.response();
    }

    /** A server that ignores {@code stream: true}: one JSON completion, its text handed on as one delta. */
    private static ChatResponse readWhole(InputStream body, TextDeltaSink deltas)
            throws IOException, UnexpectedResponseException {
        ChatResponse response = ChatCompletionsJson.response(new String(
                body.readNBytes(ServerSentEvents.MAX_EVENT_CHARS * 4), StandardCharsets.UTF_8));
        if (!response.message().content().isEmpty()) {
            deltas.text(response.message().content());
        }
        return response;
    }

    /** An error answer's body, read no further than an error message needs. */
    private static String errorBody(InputStream body) throws IOException {
        return new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
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
        return httpRequest(baseUrl, body, settings, redactor, "application/json");
    }

    private static HttpRequest httpRequest(String baseUrl, String body, ProviderSettings settings, Redactor redactor,
            String accept) throws LlmException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"));
        } catch (IllegalArgumentException e) {
            throw LlmException.permanent(redactor.scrub("provider.baseUrl " + baseUrl
                    + " is not an http(s) URL: " + e.getMessage()), 0);
        }
        builder.timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", accept)
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
        return send(request, baseUrl, settings, redactor, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static <T> HttpResponse<T> send(HttpRequest request, String baseUrl, ProviderSettings settings,
            Redactor redactor, HttpResponse.BodyHandler<T> handler) throws LlmException {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw HttpFailures.forIo(baseUrl, settings.timeout(), e, redactor);
        } catch (InterruptedException e) {
            // the activity was cancelled: keep the flag for the caller, and let Temporal decide
            Thread.currentThread().interrupt();
            throw LlmException.retryable(redactor.scrub("interrupted while waiting for " + baseUrl), 0, e);
        }
    }
}
