package dev.talon.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits one message over the REST API and prints the reply: a client, it needs a running server. */
@Command(name = "turn", description = "Send a message to an agent session and print the reply.")
final class TurnCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--tenant", defaultValue = "demo", description = "tenant id (default: ${DEFAULT-VALUE})")
    String tenant;

    @Option(names = "--session", defaultValue = "cli", description = "session id (default: ${DEFAULT-VALUE})")
    String session;

    @Option(names = "--turn-id", description = "idempotency key; the server makes one when omitted")
    String turnId;

    @Option(names = "--url", defaultValue = "${env:TALON_URL:-http://127.0.0.1:8080}",
            description = "the REST API (env TALON_URL, default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--key", defaultValue = "${env:TALON_API_KEY:-demo-key}",
            description = "the tenant's API key (env TALON_API_KEY; default: the dev key demo-key)")
    String key;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Parameters(arity = "1..*", description = "the message")
    List<String> words;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("session", session).put("message", String.join(" ", words))
                .put("wait", true).put("timeoutSeconds", Math.min(timeoutSeconds, 600));
        if (turnId != null) {
            body.put("turnId", turnId);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/tenants/" + tenant + "/turns"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(timeoutSeconds + 10L))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        System.err.println("talon: sending to " + tenant + "/" + session + " ...");
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("talon: cannot reach " + url + " — is the platform running? Start it with: bin/talon up");
            return 2;
        }
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() == 200) {
            JsonNode tools = answer.path("toolsUsed");
            if (!tools.isEmpty()) {
                System.err.println("talon: tools used: " + tools);
            }
            System.out.println(answer.path("reply").asText());
            return 0;
        }
        if (response.statusCode() == 202) {
            System.err.println("talon: turn " + answer.path("turnId").asText() + " is still running; check it with "
                    + "GET " + url + "/v1/tenants/" + tenant + "/turns/" + answer.path("turnId").asText());
            return 3;
        }
        System.err.println("talon: HTTP " + response.statusCode() + ": " + answer.path("error").path("code").asText()
                + ": " + answer.path("error").path("message").asText());
        return 1;
    }
}
