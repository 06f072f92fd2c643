package dev.talon.platform.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What an operator does to the tenants ConfigMap with kubectl, sent over the same HTTP API the replicas use. */
record Kubectl(String apiUrl, String namespace, String name) {

    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1: kubectl proxy answers an h2c upgrade with "invalid upgrade response"
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** {@code kubectl replace}: the whole ConfigMap, without a resourceVersion, so it wins over any writer. */
    void replaceTenantsYaml(String yaml) {
        ObjectNode configMap = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        configMap.putObject("metadata").put("name", name).put("namespace", namespace);
        configMap.putObject("data").put(TenantsConfigMap.DATA_KEY, yaml);
        expectOk(send("PUT", "application/json", configMap.toString()));
    }

    /** {@code kubectl patch --type merge}: only the tenants key changes. */
    void patchTenantsYaml(String yaml) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("data").put(TenantsConfigMap.DATA_KEY, yaml);
        expectOk(send("PATCH", "application/merge-patch+json", patch.toString()));
    }

    /** The tenants document as the API holds it now. */
    String tenantsYaml() {
        HttpResponse<String> response = send("GET", "application/json", null);
        expectOk(response);
        try {
            JsonNode configMap = JSON.readTree(response.body());
            return configMap.path("data").path(TenantsConfigMap.DATA_KEY).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(String method, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(apiUrl + "/api/v1/namespaces/" + namespace + "/configmaps/" + name))
                .header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expectOk(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("kubectl: HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
