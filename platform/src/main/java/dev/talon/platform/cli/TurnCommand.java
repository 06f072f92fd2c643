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
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Submits one message over the REST API, shows the turn's progress live (from its SSE stream) on stderr and
 * the reply on stdout: its text as the model writes it ({@code text_delta} events), or only the final reply
 * with {@code --no-stream}. A client: it needs a running server.
 */
@Command(name = "turn", description = "Send a message to an agent session, show progress, print the reply.")
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

    @Option(names = "--quiet", description = "no progress lines, only the reply")
    boolean quiet;

    @Option(names = "--no-stream", description = "print only the final reply, not the text as it is written")
    boolean noStream;

    @Parameters(arity = "1..*", description = "the message")
    List<String> words;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The text streamed by the LLM call now running, to tell whether the reply still needs printing. */
    private final StringBuilder streamed = new StringBuilder();
    private boolean lineOpen;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("session", session).put("message", String.join(" ", words))
                .put("wait", false);
        if (turnId != null) {
            body.put("turnId", turnId);
        }
        HttpResponse<String> accepted;
        try {
            accepted = http.send(request("/turns").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("talon: cannot reach " + url + " — is the platform running? Start it with: bin/talon up");
            return 2;
        }
        JsonNode answer = JSON.readTree(accepted.body());
        if (accepted.statusCode() != 202) {
            return error(accepted.statusCode(), answer);
        }
        String id = answer.path("turnId").asText();
        progress("turn " + id + " accepted (" + tenant + "/" + session + ")");
        HttpResponse<Stream<String>> events = http.send(request("/turns/" + id + "/events")
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        if (events.statusCode() != 200) {
            return error(events.statusCode(), JSON.readTree(String.join("\n", events.body().toList())));
        }
        String event = null;
        for (Iterator<String> lines = events.body().iterator(); lines.hasNext(); ) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && event != null) {
                Integer exit = show(event, JSON.readTree(line.substring(5).strip()));
                if (exit != null) {
                    return exit;
                }
            }
        }
        System.err.println("talon: the event stream ended early; check GET " + url + "/v1/tenants/" + tenant + "/turns/" + id);
        return 3;
    }

    /** Prints one event; returns the exit code once the turn is over. */
    private Integer show(String event, JsonNode data) {
        switch (event) {
            case "llm_started" -> {
                endLine();
                streamed.setLength(0);
                progress("step " + data.path("step").asInt() + ": asking the LLM");
            }
            case "text_delta" -> {
                if (!noStream) {
                    System.out.print(data.path("text").asText());
                    System.out.flush();
                    streamed.append(data.path("text").asText());
                    lineOpen = true;
                }
            }
            case "delta_discarded" -> {
                if (!streamed.isEmpty()) {
                    endLine();
                    streamed.setLength(0);
                    progress("  the LLM call is retried: the text above is void");
                }
            }
            case "llm_finished" -> progressAfterLine("step " + data.path("step").asInt() + ": LLM answered"
                    + (data.path("toolCalls").asInt() > 0 ? " with " + data.path("toolCalls").asInt() + " tool call(s)" : ""));
            case "tool_started" -> progress("  " + data.path("name").asText() + " " + cut(data.path("arguments").toString()));
            case "tool_finished" -> progress("  " + data.path("name").asText() + (data.path("error").asBoolean()
                    ? " failed: " + data.path("message").asText() : " done (" + data.path("size").asInt() + " chars)"));
            case "retry" -> progress("  retrying " + data.path("activity").asText() + " (attempt "
                    + data.path("attempt").asInt() + "): " + data.path("reason").asText());
            case "approval_needed" -> progress("  " + data.path("tool").asText() + " waits for approval: POST " + url
                    + "/v1/tenants/" + tenant + "/turns/<turn>/approvals/" + data.path("approvalId").asText()
                    + " {\"decision\":\"approve\"}");
            case "message" -> { // the agent's interim message (the message tool): for the user, like the reply
                endLine();
                System.out.println(data.path("text").asText());
            }
            case "subagent_started" -> progress("  subagent " + data.path("label").asText() + " started: turn "
                    + data.path("turnId").asText() + (data.path("background").asBoolean() ? " (background)" : ""));
            case "subagent_finished" -> progress("  subagent " + data.path("label").asText() + " "
                    + data.path("status").asText());
            case "completed" -> {
                String reply = data.path("reply").asText();
                endLine();
                if (!streamed.toString().equals(reply)) { // else it is on the screen already
                    System.out.println(reply);
                }
                return 0;
            }
            case "cancelled" -> {
                System.err.println("talon: the turn was cancelled");
                return 4;
            }
            case "failed" -> {
                System.err.println("talon: the turn failed: " + data.path("message").asText());
                return 1;
            }
            default -> {
            }
        }
        return null;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + "/v1/tenants/" + tenant + path))
                .header("Authorization", "Bearer " + key);
    }

    /** Ends the line of streamed text, if one is open, so that what follows starts on a line of its own. */
    private void endLine() {
        if (lineOpen) {
            System.out.println();
            lineOpen = false;
        }
    }

    private void progressAfterLine(String line) {
        endLine();
        progress(line);
    }

    private void progress(String line) {
        if (!quiet) {
            System.err.println("talon: " + line);
        }
    }

    private static int error(int status, JsonNode answer) {
        System.err.println("talon: HTTP " + status + ": " + answer.path("error").path("code").asText() + ": "
                + answer.path("error").path("message").asText());
        return 1;
    }

    private static String cut(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
