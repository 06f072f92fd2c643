package dev.talon.platform.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.util.Map;

/**
 * A tenant made over the admin API (admin key {@code test-admin-key}) whose model is the scripted provider on a
 * bubblewrap sandbox: the attacker of the hostile-model tests, driven by {@code /call} lines.
 */
record AttackerTenant(WebTarget target, String id, String key) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Bearer test-admin-key";

    static AttackerTenant onBubblewrap(WebTarget target, String id) throws IOException {
        String body = """
                {"plugins":["tools-workspace","tools-shell","exec-bubblewrap","provider-scripted"],
                 "provider":{"plugin":"provider-scripted","model":"scripted"},"exec":{"backend":"bubblewrap"},
                 "limits":{"maxIterations":5,"execTimeoutSeconds":20}}""";
        int status = target.path("/v1/admin/tenants/" + id).request().header("Authorization", ADMIN)
                .put(Entity.json(body)).getStatus();
        if (status != 200 && status != 201) {
            throw new IllegalStateException("creating tenant " + id + " answered " + status);
        }
        String key = JSON.readTree(target.path("/v1/admin/tenants/" + id + "/keys").request()
                .header("Authorization", ADMIN).post(Entity.json("")).readEntity(String.class)).path("key").asText();
        return new AttackerTenant(target, id, key);
    }

    /** A {@code /call} line for the scripted model. */
    static String call(String tool, Map<String, String> arguments) {
        return "/call " + tool + " " + JSON.valueToTree(arguments);
    }

    /** Runs a turn to its end and returns the API's answer. */
    JsonNode turn(String session, String turnId, String message) throws IOException {
        return JSON.readTree(target.path("/v1/tenants/" + id + "/turns").request()
                .header("Authorization", "Bearer " + key)
                .post(Entity.json(JSON.createObjectNode().put("session", session).put("message", message)
                        .put("turnId", turnId).put("timeoutSeconds", 120).toString()))
                .readEntity(String.class));
    }
}
