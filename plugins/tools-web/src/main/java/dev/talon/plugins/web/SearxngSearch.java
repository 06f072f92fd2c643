package dev.talon.plugins.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A self-hosted SearXNG ({@code GET /search?q=&format=json}, the JSON format enabled in its settings); results are
 * {@code results[]} with {@code title}, {@code url}, {@code content}.
 */
final class SearxngSearch implements SearchProvider {

    private final String baseUrl;
    private final SearchHttp http;

    SearxngSearch(String baseUrl, SearchHttp http) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = http;
    }

    @Override
    public String name() {
        return "SearXNG";
    }

    @Override
    public List<SearchHit> search(String query, int count) {
        URI uri = URI.create(baseUrl + "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&format=json");
        JsonNode answer = http.getJson(name(), uri, Map.of());
        List<SearchHit> hits = new ArrayList<>();
        for (JsonNode result : answer.path("results")) {
            if (hits.size() == count) {
                break;
            }
            hits.add(new SearchHit(SearchHttp.plain(result.get("title")), result.path("url").asText(""),
                    SearchHttp.plain(result.get("content"))));
        }
        return hits;
    }
}
