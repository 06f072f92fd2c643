package dev.talon.platform.tenant;

import java.util.List;

/** A tenant the store or the admin API refuses to save, with every reason in words an admin can act on. */
public final class InvalidTenantException extends RuntimeException {

    private final List<String> problems;

    public InvalidTenantException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
