package dev.talon.platform.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tenants from a YAML file ({@code config/tenants.yaml}), read and validated once at start. */
public final class FileTenantStore implements TenantStore {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, TenantConfig> tenants;

    private FileTenantStore(Map<String, TenantConfig> tenants) {
        this.tenants = Map.copyOf(tenants);
    }

    /**
     * Reads and validates the file.
     *
     * @throws IllegalStateException naming the file and what is wrong with it
     */
    public static FileTenantStore load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("tenant config " + file + " does not exist; set talon.tenants-file "
                    + "(env TALON_TENANTS_FILE) to your tenants.yaml");
        }
        TenantsFile parsed;
        try {
            parsed = YAML.readValue(file.toFile(), TenantsFile.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("tenant config " + file + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tenant config " + file, e);
        }
        Map<String, TenantConfig> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        parsed.tenants().forEach((id, tenant) -> {
            TenantConfig named = tenant.withId(id);
            problems.addAll(TenantValidation.problems(named));
            byId.put(id, named);
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("tenant config " + file + " is not valid: " + String.join("; ", problems));
        }
        return new FileTenantStore(byId);
    }

    @Override
    public Optional<TenantConfig> find(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    @Override
    public Collection<TenantConfig> all() {
        return tenants.values();
    }

    /** The file's shape: {@code tenants: {id: {...}}}. */
    record TenantsFile(@JsonProperty("tenants") Map<String, TenantConfig> tenants) {
        TenantsFile {
            tenants = tenants == null ? Map.of() : tenants;
        }
    }
}
