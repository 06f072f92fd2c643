package dev.talon.plugins.exec.agentsandbox;

import java.util.Objects;

/** Whose sandbox: one claim per (tenant, session). */
record SessionKey(String tenant, String session) {
    SessionKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(session, "session");
    }
}
