package dev.talon.plugins.exec.agentsandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ExecResult;
import dev.talon.api.TextCut;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The sandbox runtime's {@code POST /execute}, directly or through the sandbox router. */
final class RuntimeClient {

    /** The most of each stream kept, as with the local backend. */
    static final int MAX_OUTPUT_CHARS = 1024 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // how much longer than the command's own limit the answer may take: the kill, the output, the network
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(5);
    private static final Duration CANCEL_TIMEOUT = Duration.ofMillis(1500);
    private static final int BODY_EXCERPT = 300;

    private final ObjectMapper json = new ObjectMapper();
    // HTTP/1.1: the runtime (uvicorn) and the router speak nothing else, and an h2c upgrade offer only confuses
    // proxies in between
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    /**
     * Where a command for {@code sandbox} goes.
     *
     * @param url     the {@code /execute} URL
     * @param headers the router's headers naming the sandbox, or none
     */
    record Target(URI url, Map<String, String> headers) {
        Target {
            headers = Map.copyOf(headers);
        }
    }

    static Target target(Settings settings, ReadySandbox sandbox) {
        if (settings.routerUrl().isPresent()) {
            return new Target(executeUrl(settings.routerUrl().get().toString()), Map.of(
                    "X-Sandbox-ID", sandbox.name(),
                    "X-Sandbox-Namespace", settings.namespace(),
                    "X-Sandbox-Port", Integer.toString(settings.runtimePort())));
        }
        String base = settings.runtimeUrlTemplate()
                .replace("{sandbox}", sandbox.name())
                .replace("{claim}", sandbox.claim())
                .replace("{namespace}", settings.namespace())
                .replace("{podIP}", podAddress(settings, sandbox));
        return new Target(executeUrl(base), Map.of());
    }

    // the first pod IP (v1beta1 reports them), bracketed when IPv6; else the sandbox's Service, same pod
    private static String podAddress(Settings settings, ReadySandbox sandbox) {
        if (sandbox.podIPs().isEmpty()) {
            return sandbox.name() + "." + settings.namespace() + ".svc.cluster.local";
        }
        String ip = sandbox.podIPs().getFirst();
        return ip.contains(":") ? "[" + ip + "]" : ip;
    }

    private static URI executeUrl(String base) {
        return URI.create(base.replaceAll("/+$", "") + "/execute");
    }

    /**
     * Runs {@code command} and waits for its answer. The sandbox stops the command at {@code timeout} and
     * answers with the output so far; the HTTP call waits a little longer for that answer, then gives up.
     *
     * @throws SandboxUnavailable   no usable answer: nothing listening, a router error, not the runtime's JSON
     * @throws InterruptedException the thread was interrupted: the exchange is aborted and the command killed
     */
    ExecResult execute(Target target, RuntimeCommand command, Duration timeout)
            throws InterruptedException, SandboxUnavailable {
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> exchange = send(target, command.line(), timeout.plus(ANSWER_GRACE));
        HttpResponse<String> response;
        try {
            response = exchange.get();
        } catch (InterruptedException e) {
            exchange.cancel(true); // aborts the exchange and closes its connection
            cancel(target, command);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                // the sandbox did not stop it: no timeout(1) in the image, or the runtime is stuck
                cancel(target, command);
                return new ExecResult("", "agent-sandbox: no answer from the sandbox within "
                        + timeout.plus(ANSWER_GRACE).toSeconds() + " s; the command was stopped\n", -1, true);
            }
            throw unreachable(target, cause);
        }
        ExecResult result = result(target, response);
        boolean outOfTime = System.nanoTime() - started >= timeout.toNanos();
        // timeout -s KILL killed itself with the command's group: its shell reports 128 + 9 (python says -9)
        if (outOfTime && (result.exitCode() == 128 + 9 || result.exitCode() == -9)) {
            return new ExecResult(result.stdout(), result.stderr(), -1, true);
        }
        return result;
    }

    /**
     * Best effort, bounded: the caller is waiting to hear that it was cancelled. A runtime that serves one
     * command at a time (the stock python runtime runs it on its event loop) takes the cancel only after the
     * command ended, at its time limit at the latest.
     */
    private void cancel(Target target, RuntimeCommand command) {
        CompletableFuture<HttpResponse<String>> kill = send(target, command.cancelLine(), CANCEL_TIMEOUT);
        try {
            kill.get(CANCEL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill.cancel(true);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            kill.cancel(true);
            // the command still ends at its time limit in the sandbox
        }
    }

    private CompletableFuture<HttpResponse<String>> send(Target target, String line, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(line), StandardCharsets.UTF_8));
        target.headers().forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String body(String line) {
        try {
            return json.writeValueAsString(Map.of("command", line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of one string is always JSON", e);
        }
    }

    private static SandboxUnavailable unreachable(Target target, Throwable cause) {
        String why = cause instanceof ConnectException
                ? "connection refused"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new SandboxUnavailable("cannot reach the sandbox runtime at " + target.url() + " (" + why + ")",
                cause);
    }

    private ExecResult result(Target target, HttpResponse<String> response) throws SandboxUnavailable {
        String body = response.body() == null ? "" : response.body();
        if (response.statusCode() != 200) {
            throw new SandboxUnavailable("the sandbox runtime at " + target.url() + " answered HTTP "
                    + response.statusCode() + excerpt(body));
        }
        try {
            JsonNode answer = json.readTree(body);
            JsonNode exitCode = answer == null ? null : answer.get("exit_code");
            if (exitCode == null || !exitCode.canConvertToInt()) {
                throw new IOException("no exit_code");
            }
            return new ExecResult(capped(answer.path("stdout").asText("")), capped(answer.path("stderr").asText("")),
                    exitCode.asInt(), false);
        } catch (IOException e) {
            throw new SandboxUnavailable("the answer from " + target.url()
                    + " is not the runtime's {stdout, stderr, exit_code}" + excerpt(body), e);
        }
    }

    private static String capped(String text) {
        return TextCut.withMarker(text, MAX_OUTPUT_CHARS);
    }

    private static String excerpt(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        if (flat.isEmpty()) {
            return "";
        }
        return ": " + (flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "…");
    }
}
