package dev.talon.plugins.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Brave Search API ({@code GET /res/v1/web/search?q=&count=}, key in {@code X-Subscription-Token}); results are
 * {@code web.results[]} with {@code title}, {@code url}, {@code description}.
 */
final class BraveSearch implements SearchProvider {

    static final String DEFAULT_URL = "https://api.search.brave.com/res/v1/web/search";

    private final String endpoint;
    private final String apiKey;
    private final SearchHttp http;

    BraveSearch(String endpoint, String apiKey, SearchHttp http) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.http = http;
    }

    @Override
    public String name() {
        return "Brave Search";
    }

    @Override
    public List<SearchHit> search(String query, int count) {
        URI uri = URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + "q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&count=" + count);
        JsonNode answer = http.getJson(name(), uri, Map.of("X-Subscription-Token", apiKey));
        List<SearchHit> hits = new ArrayList<>();
        for (JsonNode result : answer.path("web").path("results")) {
            if (hits.size() == count) {
                break;
            }
            hits.add(new SearchHit(SearchHttp.plain(result.get("title")), result.path("url").asText(""),
                    SearchHttp.plain(result.get("description"))));
        }
        return hits;
    }

    /** Names the endpoint only: the key stays out of every string. */
    @Override
    public String toString() {
        return "BraveSearch[" + endpoint + "]";
    }
}
