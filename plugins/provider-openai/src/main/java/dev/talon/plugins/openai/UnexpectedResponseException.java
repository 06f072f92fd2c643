package dev.talon.plugins.openai;

/** A 2xx body that is not a chat completion; the message says what is missing, never the whole body. */
final class UnexpectedResponseException extends Exception {

    UnexpectedResponseException(String message) {
        // the provider turns this into an LlmException at once: a stack trace would say nothing useful
        super(message, null, false, false);
    }
}
