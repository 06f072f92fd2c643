package dev.talon.plugins.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.jsoup.Jsoup;

/**
 * The calls to search services: their addresses are the tenant admin's (a SearXNG is usually on a private
 * network), so unlike web_fetch they go straight through the JDK client, with a 10 s limit.
 */
final class SearchHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 2 * 1024 * 1024;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * GETs JSON from a search service.
     *
     * @param service names the service in messages
     * @throws WebToolFailure for a refusal (401/403), a rate limit (429), another error status, a timeout or bad JSON
     */
    JsonNode getJson(String service, URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET()
                .header("Accept", "application/json");
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BYTES + 1); // a huge answer is not buffered whole
            }
        } catch (HttpTimeoutException e) {
            throw new WebToolFailure(service + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new WebToolFailure(service + " cannot be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebToolFailure("the search was cancelled");
        }
        int status = response.statusCode();
        if (status == 429) {
            throw new WebToolFailure(service + " is rate limiting this tenant (HTTP 429); wait before searching again");
        }
        if (status == 401 || status == 403) {
            throw new WebToolFailure(service + " refused the request (HTTP " + status + "): check the tenant's"
                    + " search settings (API key, or the JSON format on a SearXNG instance)");
        }
        if (status < 200 || status >= 300) {
            throw new WebToolFailure(service + " failed with HTTP " + status);
        }
        if (body.length > MAX_BYTES) {
            throw new WebToolFailure(service + " answered with more than " + MAX_BYTES + " bytes");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new WebToolFailure(service + " answered with something that is not JSON");
        }
    }

    /** Search services mark matches with HTML ({@code <strong>}); the model reads plain text. */
    static String plain(JsonNode node) {
        return node == null || node.isNull() ? "" : Jsoup.parse(node.asText()).text();
    }
}
