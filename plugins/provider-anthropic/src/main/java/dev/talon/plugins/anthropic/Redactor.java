package dev.talon.plugins.anthropic;

/**
 * Keeps the API key out of what this plugin lets escape: exception messages end up in workflow history and in
 * front of users, and a server or proxy may echo the key back in its error body.
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
        return scrubbed == null || scrubbed.length() <= max ? scrubbed : scrubbed.substring(0, max);
    }
}
