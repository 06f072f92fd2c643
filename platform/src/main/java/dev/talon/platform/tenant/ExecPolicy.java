package dev.talon.platform.tenant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the tenant's shell commands run: the id of an exec backend plugin's extension
 * ({@code local}, {@code bubblewrap}, {@code agent-sandbox}) or {@code disabled}.
 *
 * @param backend the exec backend id
 * @param trusted the tenant's model and users are trusted as much as the platform's operator; backend
 *                {@code local} requires it, because it runs commands as the platform's user, with the
 *                platform's environment, files and network
 */
public record ExecPolicy(String backend, @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean trusted) {

    public static final String LOCAL = "local";
    public static final ExecPolicy DISABLED = new ExecPolicy("disabled");

    public ExecPolicy {
        backend = backend == null || backend.isBlank() ? "disabled" : backend;
        trusted = Boolean.TRUE.equals(trusted); // boxed only so that JSON may leave it out; never null
    }

    /** An untrusted tenant's policy. */
    public ExecPolicy(String backend) {
        this(backend, false);
    }

    @JsonIgnore
    public boolean disabled() {
        return "disabled".equals(backend);
    }

    /** The backend exposes the platform (its environment, files, network) and the tenant is not trusted with it. */
    @JsonIgnore
    public boolean untrustedLocal() {
        return LOCAL.equals(backend) && !trusted;
    }
}
