package dev.talon.platform.tenant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How the tenant's shell commands run: the id of an exec backend plugin's extension
 * ({@code local}, {@code bubblewrap}, {@code agent-sandbox}) or {@code disabled}.
 */
public record ExecPolicy(String backend) {

    public static final ExecPolicy DISABLED = new ExecPolicy("disabled");

    public ExecPolicy {
        backend = backend == null || backend.isBlank() ? "disabled" : backend;
    }

    @JsonIgnore
    public boolean disabled() {
        return "disabled".equals(backend);
    }
}
