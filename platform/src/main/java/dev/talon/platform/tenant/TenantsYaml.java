package dev.talon.platform.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenants document, {@code tenants: {id: {...}}}: one definition of the format for every store that keeps
 * tenants as text (a file, a Kubernetes ConfigMap), so what one writes the other reads.
 */
final class TenantsYaml {

    /** Strict like the admin API's JSON: a key given twice or a fraction where a whole number belongs is an error. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

    private TenantsYaml() {
    }

    /**
     * Parses and validates a tenants document; blank text or comments alone are a document without tenants.
     *
     * @param source what the text is, for messages: {@code tenant config /etc/talon/tenants.yaml}
     * @return the tenants by id, in document order
     * @throws IllegalStateException naming the source and everything that is wrong with it
     */
    static Map<String, TenantConfig> read(String text, String source) {
        if (text == null || text.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
            return Map.of(); // Jackson calls a document without content an error
        }
        TenantsDocument document;
        try {
            document = YAML.readValue(text, TenantsDocument.class);
        } catch (JacksonException e) {
            throw new IllegalStateException(source + " is not valid: " + e.getOriginalMessage(), e);
        }
        Map<String, TenantConfig> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        document.tenants().forEach((id, tenant) -> {
            if (tenant == null) {
                problems.add(id + ": has no settings (at least plugins and provider)");
                return;
            }
            TenantConfig named = tenant.withId(id);
            problems.addAll(TenantValidation.problems(named));
            byId.put(id, named);
        });
        problems.addAll(TenantValidation.sharedQueues(byId.values()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException(source + " is not valid: " + String.join("; ", problems));
        }
        return Collections.unmodifiableMap(byId);
    }

    /** The document for these tenants, without a header comment (each store writes its own). */
    static String write(Map<String, TenantConfig> tenants) {
        try {
            return YAML.writeValueAsString(new TenantsDocument(tenants));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write tenants as YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** The document's shape. */
    record TenantsDocument(@JsonProperty("tenants") Map<String, TenantConfig> tenants) {
        TenantsDocument {
            tenants = tenants == null ? Map.of() : tenants;
        }
    }
}
