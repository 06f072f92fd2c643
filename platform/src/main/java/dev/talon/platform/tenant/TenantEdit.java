package dev.talon.platform.tenant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A change of one tenant applied to all tenants as a store read them under its lock: the stores differ in how
 * they lock, read and write, and share what a change is and what makes it invalid.
 *
 * @param change the tenant before and after
 * @param next   every tenant after the change, in order (a new tenant last); what to write when it changed
 */
record TenantEdit(TenantChange change, Map<String, TenantConfig> next) {

    /**
     * @throws InvalidTenantException when the result is not valid or shares its task queue with another tenant
     * @throws IllegalArgumentException when the change returns a tenant of another id
     */
    static TenantEdit apply(Map<String, TenantConfig> current, String tenantId,
                            UnaryOperator<Optional<TenantConfig>> change) {
        Optional<TenantConfig> before = Optional.ofNullable(current.get(tenantId));
        Optional<TenantConfig> after = change.apply(before);
        if (after.isPresent() && !tenantId.equals(after.get().id())) {
            throw new IllegalArgumentException("a change of tenant '" + tenantId + "' returned tenant '"
                    + after.get().id() + "'");
        }
        if (before.equals(after)) {
            return new TenantEdit(new TenantChange(before, after), current);
        }
        Map<String, TenantConfig> next = new LinkedHashMap<>(current);
        if (after.isPresent()) {
            List<String> problems = new ArrayList<>(TenantValidation.problems(after.get()));
            problems.addAll(TenantValidation.sharedQueues(after.get(), current.values()));
            if (!problems.isEmpty()) {
                throw new InvalidTenantException(problems);
            }
            next.put(tenantId, after.get());
        } else {
            next.remove(tenantId);
        }
        return new TenantEdit(new TenantChange(before, after), Collections.unmodifiableMap(next));
    }

    boolean changed() {
        return change.changed();
    }
}
