package dev.talon.plugins.exec.agentsandbox;

/** How waiting for a claim to become Ready ended. */
sealed interface Readiness {

    /** Commands can go to this sandbox. */
    record Ready(ReadySandbox sandbox) implements Readiness {
    }

    /** The wait ran out; {@code last} is the last status seen. */
    record TimedOut(ClaimState last) implements Readiness {
    }

    /** The controller says it cannot be done, e.g. the template does not exist. */
    record Refused(ClaimState last) implements Readiness {
    }

    /** Someone deleted the claim while we waited (the controller at shutdownTime, an operator). */
    record Deleted() implements Readiness {
    }
}
