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
 * @param workspacePath      {@code workdir}: {@code runtime} (default, empty here) starts commands where the runtime
 *                           starts them (its own {@code /app}) and mounts nothing of Talon's; {@code workspace}
 *                           starts them in the tenant's workspace, which the sandbox template mounts at
 *                           {@code workspace-path} (default {@code /workspace}), only that tenant's: the data
 *                           volume's {@code tenants/$(TALON_TENANT)/workspace}, with {@code TALON_TENANT} set by
 *                           each claim ({@link ClaimShape#TENANT_ENV})
 */
record Settings(String namespace, ClaimShape shape, String runtimeUrlTemplate, Optional<URI> routerUrl,
                int runtimePort, Duration readyTimeout, Duration idleTtl, Optional<String> kubeApiUrl,
                Optional<String> workspacePath) {

    static final String DEFAULT_RUNTIME_URL_TEMPLATE = "http://{sandbox}.{namespace}.svc.cluster.local:8888";
    static final String DEFAULT_WORKSPACE_PATH = "/workspace";
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
        Optional<String> workspacePath = switch (setting(context, "workdir").orElse("runtime")) {
            case "runtime" -> Optional.empty();
            case "workspace" -> Optional.of(podPath(setting(context, "workspace-path").orElse(DEFAULT_WORKSPACE_PATH)));
            // it meant sandboxes mounting the whole data volume: every tenant's workspace, sessions and memory
            case "request" -> throw new IllegalArgumentException("workdir: request is no longer supported: it "
                    + "needed every tenant's data in every sandbox. Use workdir: workspace with a template that "
                    + "mounts only tenants/$(TALON_TENANT)/workspace (k8s/sandbox/sandbox-template-workspace.yaml)");
            default -> throw new IllegalArgumentException("workdir must be runtime or workspace, not '"
                    + setting(context, "workdir").orElseThrow() + "'");
        };
        return new Settings(namespace, shape, template, router, port, ready, idle, kubeApiUrl, workspacePath);
    }

    // where the pod mounts the workspace: an absolute path, not the pod's root
    private static String podPath(String path) {
        String normalized = Path.of(path).normalize().toString();
        if (!path.startsWith("/") || normalized.equals("/")) {
            throw new IllegalArgumentException("workspace-path must be an absolute path below /, not '" + path + "'");
        }
        return normalized;
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
