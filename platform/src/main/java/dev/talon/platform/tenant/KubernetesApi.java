package dev.talon.platform.tenant;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The Kubernetes client as the tenant store (and the history key source) uses it: configured, described when it
 * fails, and let go.
 */
public final class KubernetesApi {

    private KubernetesApi() {
    }

    static ApiClient client(KubernetesTenantSettings settings) {
        return client(settings.apiUrl());
    }

    /** A client for this API server URL, or by client-java's discovery (KUBECONFIG, ~/.kube/config, in-cluster). */
    public static ApiClient client(Optional<String> apiUrl) {
        if (apiUrl.isPresent()) {
            return Config.fromUrl(apiUrl.get());
        }
        try {
            return Config.defaultClient();
        } catch (IOException e) {
            throw new IllegalStateException("cannot configure the Kubernetes client (kubeconfig or in-cluster service"
                    + " account): " + e.getMessage(), e);
        }
    }

    /** The namespace the pod runs in, from its service account; {@code default} outside a cluster. */
    public static String podNamespace() {
        Path file = Path.of(Config.SERVICEACCOUNT_NAMESPACE_PATH);
        try {
            return Files.isReadable(file) ? Files.readString(file).strip() : "default";
        } catch (IOException e) {
            return "default";
        }
    }

    /** An API failure in words: the Status message the server sent, or the connection problem. */
    static String describe(ApiException e) {
        if (e.getCode() == 0) {
            return e.getCause() != null ? e.getCause().toString() : String.valueOf(e.getMessage());
        }
        String body = e.getResponseBody() == null ? "" : e.getResponseBody().strip();
        if (body.length() > 300) {
            body = body.substring(0, 300) + "…";
        }
        return "HTTP " + e.getCode() + (body.isEmpty() ? "" : " " + body);
    }

    /** Stops the client's threads and connections so a closed store holds nothing. */
    static void release(OkHttpClient http) {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
