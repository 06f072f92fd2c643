package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Hostile schedule bodies get a JSON 400 that says what is wrong, before Temporal is asked anything (the in-memory
 * test server keeps no schedules: a request that got that far answers 501 instead); the real server is SchedulesIT's.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/schedules")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class ScheduleResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"message\":\"m\",\"everySeconds\":0}                               | invalid_schedule | between 1 and",
        "{\"message\":\"m\",\"everySeconds\":99999999999}                     | invalid_schedule | 366 days",
        "{\"message\":\"m\",\"everySeconds\":1.5}                             | invalid_field    | everySeconds",
        "{\"message\":\"m\",\"cronExpr\":\"* * * * * *\"}                     | invalid_schedule | five fields",
        "{\"message\":\"m\",\"cronExpr\":\"0 9 * * *\",\"tz\":\"../../etc\"}  | invalid_schedule | IANA",
        "{\"message\":\"m\",\"at\":\"yesterday\"}                             | invalid_schedule | ISO-8601",
        "{\"message\":\"m\",\"everySeconds\":60,\"at\":\"2030-01-01T00:00Z\"} | invalid_schedule | exactly one",
        "{\"everySeconds\":60}                                                | invalid_schedule | message is required",
        "{\"message\":\"m\",\"everySeconds\":60,\"jobId\":\"../x\"}           | invalid_schedule | job_id must be",
        "{\"message\":\"m\",\"everySeconds\":60,\"session\":\".hidden\"}      | invalid_schedule | session must match",
        "{\"message\":\"m\",\"everySeconds\":60,\"evil\":true}                | unknown_field    | evil",
    })
    void hostileBodiesAre400(String body, String code, String words) throws Exception {
        HttpResponse<String> response = send("POST", "/v1/tenants/acme/schedules", body.strip());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).contains(words);
    }

    @Test
    void aValidJobReachesTemporalWhichHereKeepsNoSchedules() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/tenants/acme/schedules",
                "{\"message\":\"m\",\"everySeconds\":60}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(501);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
                .isEqualTo("schedules_unavailable");
    }

    @Test
    void aJobIdNoJobCanHaveIsA404() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/tenants/acme/schedules/..%2Fx/trigger", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        URI uri = target.getUri().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer acme-key")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
