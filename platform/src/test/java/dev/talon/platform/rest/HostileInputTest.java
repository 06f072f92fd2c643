package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A corpus of malformed and hostile requests: every one gets a JSON 4xx (never a 500), and none writes anything
 * to the data volume.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/hostile")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
@AddConfig(key = "talon.api.max-body-bytes", value = "4096")
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACME = "Bearer acme-key";

    @Inject
    WebTarget target;

    private final HttpClient http = HttpClient.newHttpClient();

    /** One hostile request and the status it must get. */
    record Case(String method, String path, String contentType, String body, String auth, int status) {
    }

    private static List<Case> corpus() {
        String turns = "/v1/tenants/acme/turns";
        String big = "{\"session\":\"s\",\"message\":\"" + "x".repeat(10_000) + "\"}";
        return List.of(
                new Case("POST", turns, "application/json", "{", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":\"hi\"", ACME, 400),
                new Case("POST", turns, "application/json", "\u0000\u0001", ACME, 400),
                new Case("POST", turns, "application/json", "[]", ACME, 400),
                new Case("POST", turns, "application/json", "\"just a string\"", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":\"hi\",\"evil\":true}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":[\"s\"],\"message\":\"hi\"}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":{\"a\":1}}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":\"hi\",\"wait\":1}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":\"hi\",\"timeoutSeconds\":1e400}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":\"hi\",\"timeoutSeconds\":-5}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"../../etc\",\"message\":\"hi\"}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\".hidden\",\"message\":\"hi\"}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"a/b\",\"message\":\"hi\"}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"s\\n1\",\"message\":\"hi\"}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"\",\"message\":\"hi\"}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":\"\"}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"" + "s".repeat(500) + "\",\"message\":\"hi\"}", ACME, 400),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":\"hi\",\"turnId\":\"..\"}", ACME, 400),
                new Case("POST", turns, "application/json", big, ACME, 413),
                new Case("POST", turns, "text/plain", "{\"session\":\"s\",\"message\":\"hi\"}", ACME, 415),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":\"hi\"}", "Bearer " + "k".repeat(10_000), 401),
                new Case("POST", turns, "application/json", "{\"session\":\"s\",\"message\":\"hi\"}", "Basic x", 401),
                new Case("POST", "/v1/tenants/" + enc("../acme") + "/turns", "application/json", "{}", ACME, 404),
                new Case("POST", "/v1/tenants/" + enc("acme\u0007") + "/turns", "application/json", "{}", ACME, 404),
                new Case("GET", turns + "/" + enc("../../x"), null, null, ACME, 404),
                new Case("GET", "/v1/tenants/acme/sessions/" + enc("..") + "/messages", null, null, ACME, 404),
                new Case("POST", turns + "/t1/approvals/c1", "application/json", "{\"decision\":true}", ACME, 400),
                new Case("POST", "/v1/tenants/acme/sessions/s/messages", "application/json", "{\"message\":7}", ACME, 400),
                new Case("PUT", "/v1/admin/tenants/x", "application/json", "{\"plugins\":[1,2]}", "Bearer test-admin-key", 400),
                new Case("PUT", "/v1/admin/tenants/x", "application/json", "{\"limits\":{\"maxIterations\":99999999999}}",
                        "Bearer test-admin-key", 400),
                new Case("PUT", "/v1/admin/tenants/" + enc("x y"), "application/json", "{}", "Bearer test-admin-key", 400),
                new Case("DELETE", turns, null, null, ACME, 405));
    }

    @Test
    void everyHostileRequestGetsAJsonClientErrorAndWritesNothing() throws Exception {
        Path data = Path.of("target/test-data/hostile");
        List<String> before = files(data);

        for (Case request : corpus()) {
            HttpResponse<String> response = send(request);
            assertThat(response.statusCode()).as(request.method() + " " + request.path() + " " + abbreviate(request.body()))
                    .isEqualTo(request.status());
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("code").asText()).as("JSON error for %s: %s", request.path(), response.body()).isNotEmpty();
            assertThat(error.path("message").asText()).doesNotContain("Exception").doesNotContain("\tat ");
        }

        assertThat(files(data)).isEqualTo(before);
    }

    @Test
    void aTenantOverItsConcurrentTurnLimitGets429WithRetryAfter() throws Exception {
        String body = "{\"session\":\"busy\",\"message\":\"/call exec {\\\"command\\\":\\\"sleep 3\\\"}\",\"wait\":false}";
        HttpResponse<String> first = send(new Case("POST", "/v1/tenants/delta/turns", "application/json", body,
                "Bearer delta-key", 202));
        assertThat(first.statusCode()).isEqualTo(202);

        HttpResponse<String> second = send(new Case("POST", "/v1/tenants/delta/turns", "application/json", body,
                "Bearer delta-key", 429));

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).contains("5");
        assertThat(JSON.readTree(second.body()).path("error").path("code").asText()).isEqualTo("too_many_turns");
        HttpResponse<String> viaSession = send(new Case("POST", "/v1/tenants/delta/sessions/busy/messages",
                "application/json", "{\"message\":\"/say hi\"}", "Bearer delta-key", 429));
        assertThat(viaSession.statusCode()).isEqualTo(429);
    }

    private HttpResponse<String> send(Case request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.getUri() + request.path()));
        if (request.auth() != null) {
            builder.header("Authorization", request.auth());
        }
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        return http.send(builder.method(request.method(), body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            // tenant delta is the concurrency test's: its turns may write (and create the folders above) meanwhile
            return paths.map(Path::toString).filter(path -> path.contains("tenants/") && !path.contains("tenants/delta"))
                    .sorted().toList();
        }
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 80 ? body.substring(0, 80) + "..." : body;
    }
}
