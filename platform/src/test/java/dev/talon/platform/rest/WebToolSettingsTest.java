package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tool settings per tenant, end to end: one tools-web plugin, two tenants, two answers; settings the plugin finds
 * wrong are refused by the admin API; a secret given by reference reaches the plugin and never the history.
 */
@ExtendWith(FreshTenantsFile.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/web-tools")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/web-tools-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class WebToolSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLUGINS = """
            "plugins": ["tools-web", "provider-scripted"],
            "provider": {"plugin": "provider-scripted", "model": "scripted"}""";
    private static final String BRAVE_KEY = "brv-" + UUID.randomUUID();

    @Inject
    WebTarget target;

    private final List<String> served = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private HttpServer site;

    @BeforeEach
    void startSite() throws Exception {
        served.clear(); // the server's test instance may be shared by its tests
        tokens.clear();
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            served.add(exchange.getRequestURI().getPath());
            tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Subscription-Token")));
            boolean search = exchange.getRequestURI().getPath().startsWith("/search");
            // a hostile search service that echoes the key it was sent
            byte[] body = (search
                    ? "{\"web\": {\"results\": [{\"title\": \"echo " + BRAVE_KEY + "\", \"url\": \"https://x.test/\","
                    + " \"description\": \"d\"}]}}"
                    : "<html><head><title>Local news</title></head><body><p>The owls are back.</p></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", search ? "application/json" : "text/html");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        site.start();
    }

    @AfterEach
    void stopSite() {
        site.stop(0);
    }

    @Test
    @DisplayName("web_fetch: the tenant whose settings allow 127.0.0.1 reads the local page, the other gets the refusal")
    void oneSettingPerTenantDecidesWhatWebFetchReaches() throws Exception {
        String open = PlatformHttp.unique("web-open");
        String closed = PlatformHttp.unique("web-closed");
        assertThat(api().admin("PUT", open, "{" + PLUGINS + ", \"toolSettings\": {\"tools-web\": {\"allowHosts\":"
                + " [\"127.0.0.1\"]}}}").statusCode()).isEqualTo(201);
        assertThat(api().admin("PUT", closed, "{" + PLUGINS + "}").statusCode()).isEqualTo(201);
        String fetch = "/call web_fetch {\"url\": \"http://127.0.0.1:" + site.getAddress().getPort() + "/news\"}";

        String allowed = reply(open, fetch);
        String refused = reply(closed, fetch);

        assertThat(allowed).startsWith("web_fetch: ").contains("\"status\":200").contains("The owls are back.");
        assertThat(refused).startsWith("error in web_fetch: ").contains("refused to fetch from 127.0.0.1")
                .contains("loopback").doesNotContain("owls");
        assertThat(served).containsExactly("/news");
        assertThat(JSON.readTree(api().admin("GET", open, null).body()).path("toolSettings").path("tools-web")
                .path("allowHosts").get(0).asText()).isEqualTo("127.0.0.1");
    }

    @Test
    @DisplayName("settings the plugin finds wrong are a 400 naming the problem, never echoing a key written in")
    void invalidToolSettingsAreRefusedWithTheReason() throws Exception {
        String tenant = PlatformHttp.unique("web-bad");
        HttpResponse<String> plainKey = api().admin("PUT", tenant, "{" + PLUGINS + ", \"toolSettings\": {\"tools-web\": {"
                + "\"searchProvider\": \"brave\", \"braveApiKey\": \"" + BRAVE_KEY + "\","
                + " \"allowHosts\": [\"10.0.0.0/99\"]}}}");
        assertRefused(plainKey, "toolSettings.tools-web: setting 'braveApiKey' must be a reference",
                "toolSettings.tools-web: allowHosts: '10.0.0.0/99' has a prefix length out of range");
        assertThat(plainKey.body()).doesNotContain(BRAVE_KEY);
        assertThat(api().admin("GET", tenant, null).statusCode()).isEqualTo(404);

        assertRefused(api().admin("PUT", tenant, "{" + PLUGINS + ", \"toolSettings\": {\"tools-shell\": {}}}"),
                "toolSettings for plugin 'tools-shell', which is not listed in plugins");
        assertRefused(api().admin("PUT", tenant, "{" + PLUGINS + ", \"toolSettings\": {\"tools-web\": [1]}}"),
                "toolSettings.tools-web must be an object");

        assertThat(api().admin("PUT", tenant, "{" + PLUGINS + "}").statusCode()).isEqualTo(201);
        assertRefused(api().admin("PATCH", tenant, "{\"toolSettings\": {\"tools-web\": {\"searchProvider\": \"google\"}}}"),
                "searchProvider must be 'brave' or 'searxng', not 'google'");
        assertThat(JSON.readTree(api().admin("GET", tenant, null).body()).path("toolSettings").path("tools-web").isMissingNode())
                .isTrue();
    }

    @Test
    @DisplayName("a key by file reference reaches the search service and is scrubbed from the tool result")
    void aSecretByReferenceIsUsedAndNeverStored() throws Exception {
        Path keyFile = Files.createTempFile("brave", ".key");
        Files.writeString(keyFile, BRAVE_KEY + "\n");
        String tenant = PlatformHttp.unique("web-search");
        String searchUrl = "http://127.0.0.1:" + site.getAddress().getPort() + "/search";
        assertThat(api().admin("PUT", tenant, "{" + PLUGINS + ", \"toolSettings\": {\"tools-web\": {\"searchProvider\":"
                + " \"brave\", \"braveUrl\": \"" + searchUrl + "\", \"braveApiKey\": {\"file\": \"" + keyFile
                + "\"}}}}").statusCode()).isEqualTo(201);
        String key = api().newKey(tenant);
        String session = "s-" + UUID.randomUUID();

        HttpResponse<String> turn = api().send("POST", "/v1/tenants/" + tenant + "/turns", "Bearer " + key,
                "{\"session\": \"" + session + "\", \"message\": \"/call web_search {\\\"query\\\": \\\"owls\\\"}\"}");

        assertThat(turn.statusCode()).as(turn.body()).isEqualTo(200);
        assertThat(tokens).containsExactly(BRAVE_KEY);
        String stored = api().send("GET", "/v1/tenants/" + tenant + "/sessions/" + session + "/messages", "Bearer " + key,
                null).body();
        assertThat(stored).contains("echo ***").doesNotContain(BRAVE_KEY);
        assertThat(api().admin("GET", tenant, null).body()).doesNotContain(BRAVE_KEY).contains(keyFile.toString());
        Files.delete(keyFile);
    }

    private String reply(String tenant, String message) throws Exception {
        HttpResponse<String> turn = api().send("POST", "/v1/tenants/" + tenant + "/turns", "Bearer " + api().newKey(tenant),
                JSON.createObjectNode().put("session", "s").put("message", message).toString());
        assertThat(turn.statusCode()).as(turn.body()).isEqualTo(200);
        return JSON.readTree(turn.body()).path("reply").asText();
    }

    private static void assertRefused(HttpResponse<String> response, String... reasons) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_tenant");
        assertThat(error.path("message").asText()).contains(reasons);
    }

    private PlatformHttp api() {
        return new PlatformHttp(target.getUri());
    }
}
