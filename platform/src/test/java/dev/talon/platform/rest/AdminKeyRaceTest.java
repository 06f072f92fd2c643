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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Key revocation, key issuance and PATCH of one tenant, sent at the same moment over HTTP, round after round:
 * each must apply to the tenant as it is when it is written, so none undoes another.
 */
@ExtendWith(FreshTenantsFile.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/key-race")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/key-race-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
@Tag("hostile-model")
class AdminKeyRaceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 60;

    @Inject
    WebTarget target;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A key as POST .../keys shows it, once. */
    private record Key(String keyId, String key) {
    }

    @Test
    @DisplayName("key revocation and issuance race with PATCH: a revoked key kept working, an issued one was lost")
    void revokedKeysStayRevokedAndIssuedKeysWorkWhilePatchesRace() throws Exception {
        String tenant = "race-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send("PUT", "/v1/admin/tenants/" + tenant, AdminRequests.ADMIN, """
                {"taskQueue": "q-%s", "plugins": ["tools-workspace", "provider-scripted"],
                 "provider": {"plugin": "provider-scripted", "model": "scripted"}}""".formatted(tenant))
                .statusCode()).isEqualTo(201);
        List<String> wrong = new ArrayList<>();
        List<Key> revoked = new ArrayList<>();
        List<Key> issued = new ArrayList<>();

        try (ExecutorService clients = Executors.newFixedThreadPool(3)) {
            for (int round = 0; round < ROUNDS; round++) {
                Key old = newKey(tenant);
                CountDownLatch go = new CountDownLatch(1);
                String prompt = "round " + round;
                Future<HttpResponse<String>> patch = clients.submit(onSignal(go, () -> send("PATCH",
                        "/v1/admin/tenants/" + tenant, AdminRequests.ADMIN, "{\"systemPrompt\": \"" + prompt + "\"}")));
                Future<HttpResponse<String>> revoke = clients.submit(onSignal(go, () -> send("DELETE",
                        "/v1/admin/tenants/" + tenant + "/keys/" + old.keyId(), AdminRequests.ADMIN, null)));
                Future<Key> fresh = clients.submit(onSignal(go, () -> newKey(tenant)));
                go.countDown();

                assertThat(patch.get().statusCode()).as(patch.get().body()).isEqualTo(200);
                assertThat(revoke.get().statusCode()).as(revoke.get().body()).isEqualTo(200);
                revoked.add(old);
                issued.add(fresh.get());
                if (status(tenant, old) != 401) {
                    wrong.add("round " + round + ": the revoked key " + old.keyId() + " works");
                }
                if (status(tenant, fresh.get()) == 401) {
                    wrong.add("round " + round + ": the issued key " + fresh.get().keyId() + " is refused");
                }
                String shown = JSON.readTree(send("GET", "/v1/admin/tenants/" + tenant, AdminRequests.ADMIN, null)
                        .body()).path("systemPrompt").asText();
                if (!shown.equals(prompt)) {
                    wrong.add("round " + round + ": the PATCH was lost (systemPrompt '" + shown + "')");
                }
            }
        }

        // afterwards, once nothing races any more: every issued key works, every revoked one is refused
        for (Key key : issued) {
            if (status(tenant, key) == 401) {
                wrong.add("at the end: the issued key " + key.keyId() + " is refused");
            }
        }
        for (Key key : revoked) {
            if (status(tenant, key) != 401) {
                wrong.add("at the end: the revoked key " + key.keyId() + " works");
            }
        }
        JsonNode keys = JSON.readTree(send("GET", "/v1/admin/tenants/" + tenant, AdminRequests.ADMIN, null).body())
                .path("keys");
        assertThat(wrong).as("of " + ROUNDS + " rounds").isEmpty();
        assertThat(keys).hasSize(ROUNDS);
    }

    /** A tenant route's answer to this key: 401 when the key is not the tenant's. */
    private int status(String tenant, Key key) throws Exception {
        return send("GET", "/v1/tenants/" + tenant + "/sessions/s/messages", "Bearer " + key.key(), null).statusCode();
    }

    private Key newKey(String tenant) throws Exception {
        HttpResponse<String> made = send("POST", "/v1/admin/tenants/" + tenant + "/keys", AdminRequests.ADMIN, "");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode key = JSON.readTree(made.body());
        return new Key(key.path("keyId").asText(), key.path("key").asText());
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getUri() + path))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the start signal, so the three requests leave together. */
    private static <T> Callable<T> onSignal(CountDownLatch go, Callable<T> request) {
        return () -> {
            go.await();
            return request.call();
        };
    }
}
