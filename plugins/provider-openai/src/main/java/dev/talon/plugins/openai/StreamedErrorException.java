package dev.talon.plugins.openai;

/** The server reported an error in the middle of a stream, after it had answered 200. */
final class StreamedErrorException extends Exception {
    StreamedErrorException(String message) {
        super(message);
    }
}
