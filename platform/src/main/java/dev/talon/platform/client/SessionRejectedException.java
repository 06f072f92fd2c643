package dev.talon.platform.client;

/** The session workflow refused a message (it is ending, or the message is not valid). */
public final class SessionRejectedException extends RuntimeException {

    public SessionRejectedException(String message) {
        super(message);
    }
}
