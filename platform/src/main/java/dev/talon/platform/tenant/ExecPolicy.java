package dev.talon.platform.tenant;

/**
 * How the tenant's shell commands run: the id of an exec backend plugin's extension
 * ({@code local}, {@code bubblewrap}, {@code agent-sandbox}) or {@code disabled}.
 */
public record ExecPolicy(String backend) {

    public static final ExecPolicy DISABLED = new ExecPolicy("disabled");

    public ExecPolicy {
        backend = backend == null || backend.isBlank() ? "disabled" : backend;
    }

    public boolean disabled() {
        return "disabled".equals(backend);
    }
}
