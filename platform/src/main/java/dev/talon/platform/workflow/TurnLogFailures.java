package dev.talon.platform.workflow;

/** The failure type activities use when the turn log is missing or does not match; the workflow then goes inline. */
public final class TurnLogFailures {

    public static final String UNAVAILABLE = "TurnLogUnavailable";

    private TurnLogFailures() {
    }
}
