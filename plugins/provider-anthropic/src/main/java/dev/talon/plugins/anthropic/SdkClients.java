package dev.talon.plugins.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * SDK clients by endpoint, key and timeout, so calls reuse connections. The SDK's own retries are off: Temporal
 * retries the activity, and one call must be one HTTP attempt. A bounded number is kept (one per tenant setup
 * in practice); past that a client serves one call and is closed.
 */
final class SdkClients {

    private static final int MAX_KEPT = 64;

    /** What makes two clients differ; {@link #toString()} leaves the key out. */
    record Setup(String baseUrl, String apiKey, Duration timeout) {
        @Override
        public String toString() {
            return "Setup[baseUrl=" + baseUrl + ", timeout=" + timeout + "]";
        }
    }

    private final Map<Setup, AnthropicClient> kept = new ConcurrentHashMap<>();

    <T> T with(Setup setup, Function<AnthropicClient, T> call) {
        AnthropicClient client = kept.get(setup);
        if (client == null && kept.size() < MAX_KEPT) {
            client = kept.computeIfAbsent(setup, SdkClients::create);
        }
        if (client != null) {
            return call.apply(client);
        }
        AnthropicClient once = create(setup);
        try {
            return call.apply(once);
        } finally {
            once.close();
        }
    }

    private static AnthropicClient create(Setup setup) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(setup.baseUrl())
                .apiKey(setup.apiKey())
                // the API's documented key header; with it present the SDK adds no bearer header of its own
                .putHeader("X-Api-Key", setup.apiKey())
                .timeout(setup.timeout())
                .maxRetries(0)
                .build();
    }
}
