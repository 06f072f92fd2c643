package dev.talon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import dev.talon.platform.codec.EncryptionCodec;
import dev.talon.platform.codec.FileKeySource;
import dev.talon.platform.codec.HistoryKeys;
import dev.talon.platform.tenant.InMemoryTenantStore;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * History encryption on the real Temporal dev server, with the REST server and the worker in separate processes
 * sharing a key directory: a turn's history as Temporal stores it holds neither the user's message nor the reply;
 * decoded with the tenant's key it holds both; the turn's GET and SSE still show the reply; the remote codec
 * endpoint decodes with the admin key and refuses without; purging a tenant makes its history unreadable.
 */
class HistoryEncryptionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "history-encryption";
    /** Fresh per run: the cluster keeps its work dir between runs, and keys outlive a fresh Temporal database. */
    private static final Path KEYS = LocalClusterExtension.workDir(NAME).resolve("keys-" + UUID.randomUUID());
    private static final String ADMIN_KEY = "it-admin-key";
    private static final String UI_ORIGIN = "http://ui.example:8233";

    @RegisterExtension
    static final LocalClusterExtension LOCAL = LocalClusterExtension.named(NAME).withJvmFlags(
            "-Dtalon.history.encryption=true", "-Dtalon.history.keys-dir=" + KEYS, "-Dtalon.admin.key=" + ADMIN_KEY,
            "-Dtalon.history.codec-cors-origins=" + UI_ORIGIN,
            // a rotation through the REST server reaches the worker's next payload (default: within 10 s)
            "-Dtalon.history.key-cache-seconds=0");

    private static URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void findTheApi() {
        api = URI.create("http://127.0.0.1:" + LOCAL.cluster().server().orElseThrow().port());
    }

    @Test
    void theStoredHistoryHoldsNoPlaintextAndTheKeyReadsIt() throws Exception {
        String secret = "papaya-" + UUID.randomUUID();
        String turnId = "enc-" + UUID.randomUUID().toString().substring(0, 8);
        TurnReply reply = LOCAL.cluster().turns().submit("s-enc", "my secret is " + secret, turnId, true, 60);
        assertThat(reply.httpStatus()).as(reply.body().toString()).isEqualTo(200);
        assertThat(reply.reply()).isEqualTo("echo: my secret is " + secret);

        History raw = history(LocalCluster.NAMESPACE, LocalCluster.TENANT, turnId);

        // what Temporal stores, read without the codec: not a trace of the message or the reply
        assertThat(new String(raw.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        List<Payload> payloads = payloadsOf(raw);
        assertThat(payloads).isNotEmpty().allSatisfy(p -> assertThat(EncryptionCodec.encrypted(p)).isTrue());
        assertThat(payloads).allSatisfy(p -> assertThat(p.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8())
                .startsWith(LocalCluster.TENANT + ":"));
        // with the tenant's key (read from the key directory, as another process would): both are there
        HistoryKeys keys = new HistoryKeys(new FileKeySource(KEYS), new InMemoryTenantStore(List.of()), Duration.ZERO,
                Clock.systemUTC());
        String decoded = text(new EncryptionCodec(keys, LocalCluster.NAMESPACE).decode(payloads));
        assertThat(decoded).contains("my secret is " + secret).contains("echo: my secret is " + secret);

        // the API reads through the same codec: GET, the same request again (its start input), and SSE
        assertThat(LOCAL.cluster().turns().get(turnId).reply()).isEqualTo("echo: my secret is " + secret);
        TurnReply again = LOCAL.cluster().turns().submit("s-enc", "my secret is " + secret, turnId, true, 60);
        assertThat(again.reply()).isEqualTo("echo: my secret is " + secret);
        assertThat(completedEvent(turnId)).contains("\"reply\":\"echo: my secret is " + secret + "\"");
    }

    @Test
    void theTemporalCliShowsTheHistoryThroughTheCodecEndpoint() throws Exception {
        String secret = "mango-" + UUID.randomUUID();
        String turnId = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(LOCAL.cluster().turns().submit("s-cli", secret, turnId, true, 60).httpStatus()).isEqualTo(200);

        String plain = temporalShow(turnId, "--codec-endpoint", api + "/v1/codec", "--codec-auth", "Bearer " + ADMIN_KEY);
        String sealed = temporalShow(turnId);

        assertThat(payloadData(plain)).contains("echo: " + secret);
        // without the codec the CLI shows the payloads as stored: encoding binary/encrypted (base64 in JSON)
        assertThat(payloadData(sealed)).doesNotContain(secret);
        assertThat(sealed).contains("YmluYXJ5L2VuY3J5cHRlZA==");
    }

    @Test
    void theRemoteCodecDecodesWithTheAdminKeyOnlyAndAnswersTheUisPreflight() throws Exception {
        String secret = "kiwi-" + UUID.randomUUID();
        String turnId = "codec-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(LOCAL.cluster().turns().submit("s-codec", secret, turnId, true, 60).httpStatus()).isEqualTo(200);
        String body = JsonFormat.printer().print(Payloads.newBuilder()
                .addAllPayloads(payloadsOf(history(LocalCluster.NAMESPACE, LocalCluster.TENANT, turnId))).build());

        HttpResponse<String> decoded = codec("/decode", body, ADMIN_KEY);
        HttpResponse<String> withoutKey = codec("/decode", body, null);
        HttpResponse<String> tenantKey = codec("/decode", body, LocalCluster.API_KEY);

        assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
        Payloads.Builder plain = Payloads.newBuilder();
        JsonFormat.parser().merge(decoded.body(), plain);
        assertThat(plain.getPayloadsList()).noneSatisfy(p -> assertThat(EncryptionCodec.encrypted(p)).isTrue());
        assertThat(text(plain.getPayloadsList())).contains("echo: " + secret);
        assertThat(decoded.headers().firstValue("Access-Control-Allow-Origin")).contains(UI_ORIGIN);
        assertThat(withoutKey.statusCode()).isEqualTo(401);
        assertThat(withoutKey.body()).doesNotContain(secret);
        assertThat(tenantKey.statusCode()).isEqualTo(401);

        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(api.resolve("/v1/codec/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", UI_ORIGIN)
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> strangerPreflight = http.send(HttpRequest.newBuilder(api.resolve("/v1/codec/decode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.example")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("X-Namespace");
        assertThat(strangerPreflight.statusCode()).isEqualTo(403);

        // and back: encode with the namespace's tenant key, decode to the same payload
        String plainBody = JsonFormat.printer().print(plain.build());
        HttpResponse<String> encoded = codec("/encode", plainBody, ADMIN_KEY);
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
        assertThat(encoded.body()).doesNotContain(secret);
        HttpResponse<String> roundTrip = codec("/decode", encoded.body(), ADMIN_KEY);
        assertThat(JSON.readTree(roundTrip.body())).isEqualTo(JSON.readTree(plainBody));
    }

    @Test
    void afterARotationNewTurnsUseTheNewKeyAndOldTurnsStillDecode() throws Exception {
        String before = "before-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(LOCAL.cluster().turns().submit("s-rot", "old " + before, before, true, 60).httpStatus()).isEqualTo(200);
        JsonNode listed = JSON.readTree(admin("GET", "/v1/admin/tenants/" + LocalCluster.TENANT + "/history-keys").body());

        HttpResponse<String> rotated = admin("POST", "/v1/admin/tenants/" + LocalCluster.TENANT + "/history-keys");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        String newest = JSON.readTree(rotated.body()).path("keyIds").get(listed.path("keyIds").size()).asText();
        String after = "after-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(LOCAL.cluster().turns().submit("s-rot", "new " + after, after, true, 60).httpStatus()).isEqualTo(200);

        assertThat(rotated.body()).doesNotContain(Files.readString(KEYS.resolve(LocalCluster.TENANT + ".keys"))
                .lines().findFirst().orElseThrow().split(" ")[1]);
        assertThat(payloadsOf(history(LocalCluster.NAMESPACE, LocalCluster.TENANT, after))).allSatisfy(p ->
                assertThat(p.getMetadataOrThrow(EncryptionCodec.KEY_ID).toStringUtf8()).isEqualTo(newest));
        assertThat(LOCAL.cluster().turns().get(before).reply()).isEqualTo("echo: old " + before);
        assertThat(LOCAL.cluster().turns().get(after).reply()).isEqualTo("echo: new " + after);
        String oldBody = JsonFormat.printer().print(Payloads.newBuilder()
                .addAllPayloads(payloadsOf(history(LocalCluster.NAMESPACE, LocalCluster.TENANT, before))).build());
        HttpResponse<String> oldDecoded = codec("/decode", oldBody, ADMIN_KEY);
        assertThat(oldDecoded.statusCode()).isEqualTo(200);
    }

    @Test
    void purgingATenantDestroysItsKeyAndItsHistoryCannotBeDecodedAnyMore() throws Exception {
        TurnClient control = new TurnClient(api, LocalCluster.CONTROL_TENANT, LocalCluster.CONTROL_KEY);
        String turnId = "purge-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(control.submit("s-purge", "forget me", turnId, true, 60).reply()).isEqualTo("echo: forget me");
        History raw = history(LocalCluster.CONTROL_NAMESPACE, LocalCluster.CONTROL_TENANT, turnId);
        String body = JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(payloadsOf(raw)).build());
        assertThat(codec("/decode", body, ADMIN_KEY, LocalCluster.CONTROL_NAMESPACE).statusCode()).isEqualTo(200);
        assertThat(KEYS.resolve(LocalCluster.CONTROL_TENANT + ".keys")).exists();

        HttpResponse<String> purged = http.send(HttpRequest.newBuilder(api.resolve("/v1/admin/tenants/"
                        + LocalCluster.CONTROL_TENANT + "?purge=true")).header("Authorization", "Bearer " + ADMIN_KEY)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);

        assertThat(KEYS.resolve(LocalCluster.CONTROL_TENANT + ".keys")).doesNotExist();
        assertThat(KEYS.resolve(LocalCluster.TENANT + ".keys")).exists();
        HttpResponse<String> unreadable = codec("/decode", body, ADMIN_KEY, LocalCluster.CONTROL_NAMESPACE);
        assertThat(unreadable.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(unreadable.body()).path("error").path("message").asText())
                .contains(LocalCluster.CONTROL_TENANT + ":1").contains("unreadable by design");
    }

    private HttpResponse<String> admin(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(api.resolve(path)).header("Authorization", "Bearer " + ADMIN_KEY)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code temporal workflow show} of the turn, as JSON, with these extra flags. */
    private static String temporalShow(String turnId, String... flags) throws Exception {
        Path cli = LocalCluster.findTemporal(LocalClusterExtension.projectDir()).orElseThrow();
        List<String> command = new ArrayList<>(List.of(cli.toString(), "workflow", "show", "--address",
                LOCAL.cluster().temporalTarget(), "--namespace", LocalCluster.NAMESPACE,
                "--workflow-id", "talon/" + LocalCluster.TENANT + "/turn/" + turnId, "--output", "json"));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    /** Every payload's data in the CLI's JSON history, decoded from base64. */
    private static String payloadData(String historyJson) throws Exception {
        StringBuilder text = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonNode data : JSON.readTree(historyJson).findValues("data")) {
            if (data.isTextual()) {
                text.append(new String(java.util.Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8))
                        .append('\n');
            }
        }
        return text.toString();
    }

    private History history(String namespace, String tenant, String turnId) {
        return LOCAL.cluster().temporalService().blockingStub().getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(namespace)
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId("talon/" + tenant + "/turn/" + turnId))
                        .build()).getHistory();
    }

    /** Every payload of the workflow's and its activities' inputs and results. */
    private static List<Payload> payloadsOf(History history) {
        List<Payload> payloads = new ArrayList<>();
        for (HistoryEvent event : history.getEventsList()) {
            if (event.hasWorkflowExecutionStartedEventAttributes()) {
                payloads.addAll(event.getWorkflowExecutionStartedEventAttributes().getInput().getPayloadsList());
            } else if (event.hasActivityTaskScheduledEventAttributes()) {
                payloads.addAll(event.getActivityTaskScheduledEventAttributes().getInput().getPayloadsList());
            } else if (event.hasActivityTaskCompletedEventAttributes()) {
                payloads.addAll(event.getActivityTaskCompletedEventAttributes().getResult().getPayloadsList());
            } else if (event.hasWorkflowExecutionCompletedEventAttributes()) {
                payloads.addAll(event.getWorkflowExecutionCompletedEventAttributes().getResult().getPayloadsList());
            }
        }
        return payloads;
    }

    private static String text(List<Payload> payloads) {
        StringBuilder text = new StringBuilder();
        payloads.forEach(p -> text.append(p.getData().toStringUtf8()).append('\n'));
        return text.toString();
    }

    private HttpResponse<String> codec(String path, String body, String key) throws Exception {
        return codec(path, body, key, LocalCluster.NAMESPACE);
    }

    private HttpResponse<String> codec(String path, String body, String key, String namespace) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve("/v1/codec" + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Namespace", namespace).header("Origin", UI_ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The data line of the turn's {@code completed} event on its SSE stream (a finished turn's stream replays). */
    private String completedEvent(String turnId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/v1/tenants/" + LocalCluster.TENANT + "/turns/"
                        + turnId + "/events")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + LocalCluster.API_KEY).header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            boolean completed = false;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event:")) {
                    completed = line.substring(6).strip().equals("completed");
                } else if (completed && line.startsWith("data:")) {
                    return line;
                }
            }
        }
        throw new AssertionError("the stream of turn " + turnId + " ended without a completed event");
    }
}
