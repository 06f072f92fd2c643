package dev.talon.plugins.exec.agentsandbox;

import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/** SandboxClaims in one namespace, through client-java's generic custom-objects API. */
final class ClaimClient {

    private static final Type EVENT = new TypeToken<Watch.Response<Object>>() { }.getType();
    private static final int HTTP_NOT_FOUND = 404;
    // after a dropped watch connection, before watching again
    private static final long REWATCH_PAUSE_MILLIS = 250;

    private final ApiClient client;
    private final CustomObjectsApi api;
    private final ApiClient watchClient;
    private final CustomObjectsApi watchApi;
    private final String namespace;
    private final ClaimShape shape;

    private ClaimClient(ApiClient client, ApiClient watchClient, String namespace, ClaimShape shape) {
        this.client = client;
        this.api = new CustomObjectsApi(client);
        this.watchClient = watchClient;
        this.watchApi = new CustomObjectsApi(watchClient);
        this.namespace = namespace;
        this.shape = shape;
    }

    /** Connects as configured: {@code kube-api-url}, else client-java's discovery (kubeconfig, in-cluster). */
    static ClaimClient connect(Settings settings) throws IOException {
        ApiClient client = apiClient(settings.kubeApiUrl());
        // A watch waits for events far longer than the usual 10 s read timeout; the server ends it at
        // timeoutSeconds, this only catches a connection that went silent.
        ApiClient watchClient = apiClient(settings.kubeApiUrl());
        watchClient.setReadTimeout(Math.toIntExact(settings.readyTimeout().plusSeconds(30).toMillis()));
        return new ClaimClient(client, watchClient, settings.namespace(), settings.shape());
    }

    private static ApiClient apiClient(Optional<String> url) throws IOException {
        return url.isPresent() ? Config.fromUrl(url.get()) : Config.defaultClient();
    }

    Optional<Map<String, Object>> get(String name) throws ApiException {
        try {
            return Optional.of(Json.map(api.getNamespacedCustomObject(
                    ClaimShape.GROUP, shape.version(), namespace, ClaimShape.PLURAL, name).execute()));
        } catch (ApiException e) {
            if (e.getCode() == HTTP_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Creates the claim; an {@link ApiException} with code 409 when it exists already. */
    Map<String, Object> create(Map<String, Object> manifest) throws ApiException {
        return Json.map(api.createNamespacedCustomObject(
                ClaimShape.GROUP, shape.version(), namespace, ClaimShape.PLURAL, manifest).execute());
    }

    /** Replaces {@code spec.lifecycle} with a JSON merge patch (custom resources take no strategic merge). */
    void patchLifecycle(String name, Map<String, Object> lifecycle) throws ApiException {
        Map<String, Object> patch = Map.of("spec", Map.of("lifecycle", lifecycle));
        PatchUtils.patch(Object.class,
                () -> api.patchNamespacedCustomObject(
                        ClaimShape.GROUP, shape.version(), namespace, ClaimShape.PLURAL, name, patch).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    /** Deletes the claim (the controller then deletes its sandbox); false when it was not there. */
    boolean delete(String name) throws ApiException {
        try {
            api.deleteNamespacedCustomObject(ClaimShape.GROUP, shape.version(), namespace, ClaimShape.PLURAL, name)
                    .execute();
            return true;
        } catch (ApiException e) {
            if (e.getCode() == HTTP_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Watches the claim until it is Ready, the controller refuses it, it is deleted or {@code timeout} passes.
     * The watch runs on its own thread because a blocked socket read ignores interrupts: an interrupt of the
     * caller cancels the HTTP call, which ends the read.
     */
    Readiness awaitReady(String name, Duration timeout) throws InterruptedException, ApiException {
        WatchCalls calls = new WatchCalls();
        long deadline = System.nanoTime() + timeout.toNanos();
        FutureTask<Readiness> task = new FutureTask<>(() -> watchUntilReady(name, deadline, calls));
        Thread.ofVirtual().name("agent-sandbox-watch-" + name).start(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            calls.cancelAll();
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case ApiException apiError -> throw apiError;
                case RuntimeException unchecked -> throw unchecked;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    private Readiness watchUntilReady(String name, long deadline, WatchCalls calls)
            throws ApiException, InterruptedException {
        ClaimState last = ClaimState.UNKNOWN;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return new Readiness.TimedOut(last);
            }
            // No resourceVersion: the server first replays the claim as it is now (ADDED), so a claim that
            // became Ready before the watch started is seen too.
            Call call = watchApi.listNamespacedCustomObject(ClaimShape.GROUP, shape.version(), namespace,
                            ClaimShape.PLURAL)
                    .fieldSelector("metadata.name=" + name)
                    .watch(true)
                    .timeoutSeconds(Math.toIntExact(TimeUnit.NANOSECONDS.toSeconds(remaining + 999_999_999L)))
                    .buildCall(null);
            if (!calls.add(call)) {
                throw new CancellationException("the wait for claim " + name + " was cancelled");
            }
            try (Watch<Object> watch = Watch.createWatch(watchClient, call, EVENT)) {
                for (Watch.Response<Object> event : watch) {
                    if ("DELETED".equals(event.type)) {
                        return new Readiness.Deleted();
                    }
                    if ("ERROR".equals(event.type)) {
                        break; // e.g. 410 Gone: start a new watch
                    }
                    if ("ADDED".equals(event.type) || "MODIFIED".equals(event.type)) {
                        last = ClaimState.of(Json.map(event.object));
                        Optional<ReadySandbox> ready = shape.readySandbox(name, last);
                        if (ready.isPresent()) {
                            return new Readiness.Ready(ready.get());
                        }
                        if (last.hopeless()) {
                            return new Readiness.Refused(last);
                        }
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        return new Readiness.TimedOut(last);
                    }
                }
            } catch (IOException | RuntimeException dropped) {
                // a dropped connection, or our own cancel
                if (calls.cancelled()) {
                    throw new CancellationException("the wait for claim " + name + " was cancelled");
                }
                Thread.sleep(REWATCH_PAUSE_MILLIS);
            }
        }
    }

    /** For error text: the HTTP status and the API server's own message, or why there was no answer. */
    static String describe(ApiException e) {
        if (e.getCode() == 0) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return "no answer (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
        }
        String message = "";
        try {
            var body = JsonParser.parseString(e.getResponseBody() == null ? "" : e.getResponseBody());
            if (body.isJsonObject() && body.getAsJsonObject().has("message")) {
                message = body.getAsJsonObject().get("message").getAsString();
            }
        } catch (RuntimeException notJson) {
            // keep the status code alone
        }
        return "HTTP " + e.getCode() + (message.isEmpty() ? "" : " " + message);
    }

    /** The watch calls of one wait, so that a cancel reaches the one in flight and stops new ones. */
    private static final class WatchCalls {
        private Call current;
        private boolean cancelled;

        synchronized boolean add(Call call) {
            if (cancelled) {
                call.cancel();
                return false;
            }
            current = call;
            return true;
        }

        synchronized void cancelAll() {
            cancelled = true;
            if (current != null) {
                current.cancel();
            }
        }

        synchronized boolean cancelled() {
            return cancelled;
        }
    }
}
