package dev.talon.plugins.openai;

import java.io.IOException;

/**
 * Keeps the API key out of everything this plugin lets escape: exception messages end up in workflow
 * history and in front of users, and a server may echo the key back in its error body.
 *
 * @param secret the tenant's API key; empty when there is none
 */
record Redactor(String secret) {

    static final String MASK = "***";

    String scrub(String text) {
        return secret.isEmpty() || text == null ? text : text.replace(secret, MASK);
    }

    /** Scrubs, then cuts: cutting first could leave the start of the key in the text. */
    String scrubAndCut(String text, int max) {
        String scrubbed = scrub(text);
        return scrubbed.length() <= max ? scrubbed : scrubbed.substring(0, max);
    }

    /**
     * The cause to attach to an exception: the original when no message in its chain mentions the key,
     * otherwise a stand-in with the scrubbed description and the original stack trace, since causes are
     * recorded along with the exception.
     */
    Throwable safeCause(Throwable cause) {
        if (secret.isEmpty()) {
            return cause;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.toString().contains(secret)) {
                IOException standIn = new IOException(scrub(HttpFailures.describe(cause)));
                standIn.setStackTrace(cause.getStackTrace());
                return standIn;
            }
        }
        return cause;
    }
}
