package dev.talon.platform.tenant;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where the tenants live in Kubernetes (one ConfigMap) and how its objects are read and written. */
record TenantsConfigMap(String namespace, String name) {

    static final String DATA_KEY = "tenants.yaml";

    private static final String HEADER = "# Written by Talon. Edit at any time (kubectl edit configmap): every replica"
            + " follows the changes; an invalid edit is ignored and logged.\n";

    /** A ConfigMap to create when there is none yet. */
    V1ConfigMap fresh() {
        return new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name(name).namespace(namespace)
                        .putLabelsItem("app.kubernetes.io/part-of", "talon"));
    }

    boolean isOurs(V1ConfigMap configMap) {
        return configMap != null && configMap.getMetadata() != null && name.equals(configMap.getMetadata().getName());
    }

    String fieldSelector() {
        return "metadata.name=" + name;
    }

    /** For messages: {@code ConfigMap ns/name}. */
    String where() {
        return "ConfigMap " + namespace + "/" + name;
    }

    /** For validation errors: which key of which ConfigMap held the invalid document. */
    String source() {
        return "key " + DATA_KEY + " of " + where();
    }

    /** The ConfigMap with the tenants document replaced; other keys, labels and its resourceVersion are kept. */
    static V1ConfigMap withTenants(V1ConfigMap configMap, Map<String, TenantConfig> tenants) {
        Map<String, String> data = new LinkedHashMap<>(Objects.requireNonNullElse(configMap.getData(), Map.of()));
        data.put(DATA_KEY, HEADER + TenantsYaml.write(tenants));
        return configMap.data(data);
    }

    static String yamlOf(Optional<V1ConfigMap> configMap) {
        return configMap.map(V1ConfigMap::getData).map(data -> data.get(DATA_KEY)).orElse("");
    }

    static String versionOf(V1ConfigMap configMap) {
        return configMap == null || configMap.getMetadata() == null
                ? null : configMap.getMetadata().getResourceVersion();
    }

    static String versionOf(V1ConfigMapList list) {
        return list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
    }
}
