package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The platform's REST API over a real HTTP client, for tests that create their own tenants through the admin API
 * and run turns as those tenants.
 */
final class PlatformHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    PlatformHttp(URI base) {
        this.base = base;
    }

    /** A tenant id no earlier test used. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(String method, String tenant, String body) throws Exception {
        return send(method, "/v1/admin/tenants/" + tenant, AdminRequests.ADMIN, body);
    }

    /** A new API key of the tenant, in plaintext. */
    String newKey(String tenant) throws Exception {
        return JSON.readTree(send("POST", "/v1/admin/tenants/" + tenant + "/keys", AdminRequests.ADMIN, "").body())
                .path("key").asText();
    }

    JsonNode turn(String tenant, String key, String session, String message, boolean wait) throws Exception {
        HttpResponse<String> response = send("POST", "/v1/tenants/" + tenant + "/turns", "Bearer " + key,
                JSON.createObjectNode().put("session", session).put("message", message).put("wait", wait).toString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return JSON.readTree(response.body());
    }

    JsonNode get(String tenant, String key, String path) throws Exception {
        return JSON.readTree(send("GET", "/v1/tenants/" + tenant + path, "Bearer " + key, null).body());
    }

    /** Polls a tenant route until the answer passes {@code done} (30 s at most). */
    JsonNode until(String tenant, String key, String path, Predicate<JsonNode> done) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 300; i++) {
            last = get(tenant, key, path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting on " + path + ": " + last);
    }
}
