package dev.talon.plugins.exec.agentsandbox;

import dev.talon.api.PluginContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The plugin's settings ({@code talon.plugins.exec-agent-sandbox.<key>}).
 *
 * @param namespace          where claims are made; default the worker's own namespace in a cluster, else
 *                           {@code default}
 * @param shape              {@code api-version} with {@code template} (v1alpha1) or {@code warm-pool} (v1beta1)
 * @param runtimeUrlTemplate {@code runtime-url-template}: the runtime's base URL, with {@code {sandbox}},
 *                           {@code {namespace}}, {@code {claim}} and {@code {podIP}} filled in
 * @param routerUrl          {@code router-url}: when set, commands go through the sandbox router instead
 * @param runtimePort        {@code runtime-port}: the port the router forwards to (X-Sandbox-Port)
 * @param readyTimeout       {@code ready-timeout-seconds}: how long a new claim may take to become Ready
 * @param idleTtl            {@code idle-ttl-seconds}: an unused claim is deleted by the controller after this
 * @param kubeApiUrl         {@code kube-api-url}: a plain API server URL without credentials (tests, proxies);
 *                           default client-java's own discovery (kubeconfig, then in-cluster)
 * @param inRequestWorkDir   {@code workdir}: {@code request} starts commands in the request's workDir, for
 *                           sandboxes that mount the workers' data volume at the same path (so files written by
 *                           the workspace tools are there too); {@code runtime} (default) where the runtime
 *                           starts them, its own {@code /app}
 */
record Settings(String namespace, ClaimShape shape, String runtimeUrlTemplate, Optional<URI> routerUrl,
                int runtimePort, Duration readyTimeout, Duration idleTtl, Optional<String> kubeApiUrl,
                boolean inRequestWorkDir) {

    static final String DEFAULT_RUNTIME_URL_TEMPLATE = "http://{sandbox}.{namespace}.svc.cluster.local:8888";
    private static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    /** Throws {@link IllegalArgumentException} naming the setting that is wrong. */
    static Settings from(PluginContext context) {
        String namespace = setting(context, "namespace").orElseGet(Settings::ownNamespace);
        ClaimShape shape = ClaimShape.of(setting(context, "api-version").orElse("v1alpha1"),
                setting(context, "template"), setting(context, "warm-pool"));
        String template = setting(context, "runtime-url-template").orElse(DEFAULT_RUNTIME_URL_TEMPLATE);
        Optional<URI> router = setting(context, "router-url").map(url -> parseUrl("router-url", url));
        int port = Math.toIntExact(number(context, "runtime-port", 8888));
        Duration ready = Duration.ofSeconds(number(context, "ready-timeout-seconds", 120));
        Duration idle = Duration.ofSeconds(number(context, "idle-ttl-seconds", 1800));
        Optional<String> kubeApiUrl = setting(context, "kube-api-url");
        kubeApiUrl.ifPresent(url -> parseUrl("kube-api-url", url));
        boolean inRequestWorkDir = switch (setting(context, "workdir").orElse("runtime")) {
            case "runtime" -> false;
            case "request" -> true;
            default -> throw new IllegalArgumentException("workdir must be runtime or request, not '"
                    + setting(context, "workdir").orElseThrow() + "'");
        };
        return new Settings(namespace, shape, template, router, port, ready, idle, kubeApiUrl, inRequestWorkDir);
    }

    private static Optional<String> setting(PluginContext context, String key) {
        return context.config(key).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static long number(PluginContext context, String key, long fallback) {
        Optional<String> value = setting(context, key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.get());
            if (number > 0 && number <= Integer.MAX_VALUE) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive whole number, not '" + value.get() + "'");
    }

    private static URI parseUrl(String key, String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be an absolute http(s) URL, not '" + url + "'");
    }

    private static String ownNamespace() {
        try {
            return Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)
                    ? Files.readString(SERVICE_ACCOUNT_NAMESPACE).strip()
                    : "default";
        } catch (IOException e) {
            return "default";
        }
    }
}
