package dev.talon.platform.client;

/**
 * A turn id that already names a turn for another session or message: answering under it would hand one message
 * the reply to another, so the request is refused (HTTP 409).
 */
public final class TurnIdConflictException extends RuntimeException {

    public TurnIdConflictException(String turnId) {
        super("turnId '" + turnId + "' already names a turn for another session or message; "
                + "send a new turnId for a new message (the same request again returns that turn)", null, false, false);
    }
}
