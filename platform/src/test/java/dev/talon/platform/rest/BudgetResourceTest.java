package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Budgets over HTTP, with the real scripted provider (its usage is a quarter of the characters in and out) and the
 * ledger on the data volume: a tenant whose budget is used up gets 429 with the reset time on a new turn, by either
 * route; usage is readable by the tenant, by the admin and on /metrics.
 */
@ExtendWith(FreshDataDir.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/budget")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-budget-test.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
@AddConfig(key = "talon.prices.0.model", value = "scripted")
@AddConfig(key = "talon.prices.0.input-per-mtok", value = "1000000")
@AddConfig(key = "talon.prices.0.output-per-mtok", value = "2000000")
class BudgetResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FRUGAL = "Bearer frugal-key";
    private static final String SPENDER = "Bearer spender-key";

    @Inject
    WebTarget target;

    private Response turn(String tenant, String key, String message) {
        return target.path("/v1/tenants/" + tenant + "/turns").request().header("Authorization", key)
                .post(Entity.entity(JSON.createObjectNode().put("session", "s1").put("message", message).toString(),
                        MediaType.APPLICATION_JSON));
    }

    private JsonNode get(String path, String key) {
        Response response = target.path(path).request().header("Authorization", key).get();
        assertThat(response.getStatus()).as(path).isEqualTo(200);
        return json(response);
    }

    private static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.readEntity(String.class));
        } catch (Exception e) {
            throw new AssertionError("response is not JSON", e);
        }
    }

    private static Instant nextUtcMidnight() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Test
    void aTenantOverItsBudgetGets429WithTheResetTimeByEitherRoute() {
        // the first turn fits (nothing used yet) and uses more than the 1-token day
        Response first = turn("frugal", FRUGAL, "/say spend it");
        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(json(first).path("stopReason").asText()).isEqualTo("completed");

        Response refused = turn("frugal", FRUGAL, "/say more");

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getMediaType().toString()).startsWith("application/json");
        JsonNode error = json(refused).path("error");
        assertThat(error.path("code").asText()).isEqualTo("budget_exhausted");
        assertThat(error.path("message").asText()).isEqualTo("tenant 'frugal' has used its daily token budget "
                + "(1 tokens); it resets at " + nextUtcMidnight());
        assertThat(Instant.parse(error.path("resetsAt").asText())).isEqualTo(nextUtcMidnight());
        long retryAfter = Long.parseLong(refused.getHeaderString("Retry-After"));
        assertThat(retryAfter).isBetween(1L, Duration.ofDays(1).toSeconds());

        Response bySession = target.path("/v1/tenants/frugal/sessions/s2/messages").request()
                .header("Authorization", FRUGAL).post(Entity.entity("{\"message\":\"/say more\"}",
                        MediaType.APPLICATION_JSON));
        assertThat(bySession.getStatus()).isEqualTo(429);
        assertThat(json(bySession).path("error").path("code").asText()).isEqualTo("budget_exhausted");
        assertThat(bySession.getHeaderString("Retry-After")).isNotBlank();

        // a tenant without budgets is not refused
        assertThat(turn("spender", SPENDER, "/say fine").getStatus()).isEqualTo(200);
    }

    @Test
    void usageIsReadableByTheTenantAndTheAdminAndOnMetrics() {
        assertThat(turn("spender", SPENDER, "/say counted").getStatus()).isEqualTo(200);

        JsonNode usage = get("/v1/tenants/spender/usage", SPENDER);
        assertThat(usage.path("tenant").asText()).isEqualTo("spender");
        JsonNode scripted = usage.path("day").path("models").path("scripted");
        assertThat(scripted.path("calls").asLong()).isPositive();
        assertThat(scripted.path("inputTokens").asLong()).isPositive();
        assertThat(scripted.path("outputTokens").asLong()).isPositive();
        // priced at one dollar per input token and two per output token
        assertThat(scripted.path("costUsd").decimalValue()).isEqualByComparingTo(java.math.BigDecimal.valueOf(
                scripted.path("inputTokens").asLong() + 2 * scripted.path("outputTokens").asLong()));
        assertThat(usage.path("month").path("period").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString()
                .substring(0, 7));
        assertThat(usage.path("day").path("tokenLimit").isNumber()).as("no limit").isFalse();
        assertThat(get("/v1/tenants/frugal/usage", FRUGAL).path("day").path("tokenLimit").asLong()).isEqualTo(1);

        // a tenant's key reads its own usage only
        assertThat(target.path("/v1/tenants/frugal/usage").request().header("Authorization", SPENDER).get()
                .getStatus()).isIn(401, 403, 404);
        assertThat(target.path("/v1/admin/usage/spender").request().header("Authorization", SPENDER).get()
                .getStatus()).isEqualTo(401);
        JsonNode admin = get("/v1/admin/usage/spender", AdminRequests.ADMIN);
        assertThat(admin.path("day").path("models").path("scripted").path("calls").asLong())
                .isEqualTo(get("/v1/tenants/spender/usage", SPENDER).path("day").path("models").path("scripted")
                        .path("calls").asLong());
        assertThat(get("/v1/admin/usage", AdminRequests.ADMIN).path("tenants")).hasSize(2);
        assertThat(target.path("/v1/admin/usage/nobody").request().header("Authorization", AdminRequests.ADMIN)
                .get().getStatus()).isEqualTo(404);

        String metrics = target.path("/metrics").request().header("Accept", "text/plain").get(String.class);
        assertThat(metric(metrics, "talon_usage_input_tokens", "spender", "day")).isPositive();
        assertThat(metric(metrics, "talon_usage_cost_usd", "spender", "month")).isPositive();
        assertThat(metric(metrics, "talon_usage_calls", "spender", "month")).isPositive();
        assertThat(metrics.lines().filter(line -> line.startsWith("talon_budget_exhausted{")
                && line.contains("tenant=\"spender\"")).findFirst()).hasValueSatisfying(line ->
                assertThat(line).endsWith(" 0.0"));
    }

    /** A usage gauge's value for the tenant, model scripted and period; an AssertionError when it is missing. */
    private static double metric(String metrics, String name, String tenant, String period) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains("tenant=\"" + tenant + "\"")
                        && line.contains("model=\"scripted\"") && line.contains("period=\"" + period + "\""))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " for " + tenant + " on /metrics:\n"
                        + metrics.lines().filter(l -> l.startsWith("talon_")).toList()));
    }
}
