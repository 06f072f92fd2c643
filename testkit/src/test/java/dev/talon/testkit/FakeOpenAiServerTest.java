package dev.talon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The bench's fake LLM over real HTTP: K list_dir calls for "steps=K", then an answer; junk gets a 400. */
class FakeOpenAiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void callsListDirOncePerStepThenAnswers() throws Exception {
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            String user = "{\"role\":\"user\",\"content\":\"steps=2\"}";
            String call = "{\"role\":\"assistant\",\"content\":null},{\"role\":\"tool\",\"content\":\"a.txt\"}";
            JsonNode first = post(fake, "{\"messages\":[" + user + "]}");
            JsonNode second = post(fake, "{\"messages\":[" + user + "," + call + "]}");
            JsonNode last = post(fake, "{\"messages\":[" + user + "," + call + "," + call + "]}");

            assertThat(first.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("list_dir");
            assertThat(second.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
            assertThat(last.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
            assertThat(last.at("/choices/0/message/content").asText()).isEqualTo("done after 2 steps");
            assertThat(fake.calls()).isEqualTo(3);
        }
    }

    @Test
    void aBodyThatIsNotJsonIsA400() throws Exception {
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            HttpResponse<String> response = http.send(request(fake, "not json"), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
        }
    }

    private JsonNode post(FakeOpenAiServer fake, String body) throws Exception {
        HttpResponse<String> response = http.send(request(fake, body), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpRequest request(FakeOpenAiServer fake, String body) {
        return HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
