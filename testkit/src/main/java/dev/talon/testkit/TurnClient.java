package dev.talon.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** The turn routes of one REST server, for one tenant. */
public final class TurnClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String tenant;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TurnClient(URI base, String tenant, String apiKey) {
        this.base = base;
        this.tenant = tenant;
        this.apiKey = apiKey;
    }

    public URI base() {
        return base;
    }

    /** POST /v1/tenants/{t}/turns; with {@code wait} the call lasts until the turn ends or the timeout. */
    public TurnReply submit(String session, String message, String turnId, boolean wait, int timeoutSeconds)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("session", session).put("message", message)
                .put("turnId", turnId).put("wait", wait).put("timeoutSeconds", timeoutSeconds);
        HttpRequest request = request("/turns").timeout(Duration.ofSeconds(timeoutSeconds + 30L))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        return send(request);
    }

    /** GET /v1/tenants/{t}/turns/{turnId}. */
    public TurnReply get(String turnId) throws IOException, InterruptedException {
        return send(request("/turns/" + turnId).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** GET /v1/tenants/{t}/sessions/{s}/messages. */
    public TurnReply messages(String session) throws IOException, InterruptedException {
        return send(request("/sessions/" + session + "/messages").timeout(Duration.ofSeconds(30)).GET().build());
    }

    /**
     * Polls the turn until it is no longer running. Errors in between (the server or Temporal being
     * restarted) are waited out, up to the timeout.
     */
    public TurnReply awaitFinished(String turnId, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                TurnReply reply = get(turnId);
                if (reply.httpStatus() == 200 && !"running".equals(reply.status())) {
                    return reply;
                }
                last = "HTTP " + reply.httpStatus() + " " + reply.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new TimeoutException("turn " + turnId + " did not finish within " + timeout + "; last: " + last);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve("/v1/tenants/" + tenant + path))
                .header("Authorization", "Bearer " + apiKey);
    }

    private TurnReply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body;
        try {
            body = response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = MissingNode.getInstance();
        }
        return new TurnReply(response.statusCode(), body);
    }
}
