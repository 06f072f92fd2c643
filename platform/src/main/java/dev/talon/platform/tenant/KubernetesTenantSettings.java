package dev.talon.platform.tenant;

import java.util.Optional;

/**
 * Where {@link KubernetesTenantStore} keeps the tenants.
 *
 * @param namespace the ConfigMap's namespace; empty for the pod's own namespace ({@code default} outside a pod)
 * @param configMap the ConfigMap's name
 * @param apiUrl    the API server's URL; empty for client-java's discovery (KUBECONFIG, ~/.kube/config, in-cluster)
 */
public record KubernetesTenantSettings(Optional<String> namespace, String configMap, Optional<String> apiUrl) {

    public static final String DEFAULT_CONFIG_MAP = "talon-tenants";

    public KubernetesTenantSettings {
        namespace = namespace.filter(value -> !value.isBlank());
        configMap = configMap == null || configMap.isBlank() ? DEFAULT_CONFIG_MAP : configMap;
        apiUrl = apiUrl.filter(value -> !value.isBlank());
    }
}
