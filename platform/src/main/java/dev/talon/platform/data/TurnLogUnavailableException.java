package dev.talon.platform.data;

/** The turn log is missing or does not match the reference the workflow holds (lost volume, other node). */
public final class TurnLogUnavailableException extends RuntimeException {

    public TurnLogUnavailableException(String message) {
        super(message);
    }
}
