package dev.talon.api;

/**
 * Keeps a secret (a provider's API key) out of what a plugin lets escape: exception messages end up in workflow
 * history and in front of users, and a server or proxy may echo the key back in its error body.
 *
 * @param secret the secret; empty when there is none
 */
public record Redactor(String secret) {

    public static final String MASK = "***";

    public Redactor {
        secret = secret == null ? "" : secret;
    }

    public String scrub(String text) {
        return secret.isEmpty() || text == null ? text : text.replace(secret, MASK);
    }

    /** Scrubs, then cuts: cutting first could leave the start of the secret in the text. */
    public String scrubAndCut(String text, int max) {
        String scrubbed = scrub(text);
        return scrubbed == null || scrubbed.length() <= max ? scrubbed : TextCut.head(scrubbed, max);
    }

    /** Whether the secret stands anywhere in the text. */
    public boolean leaksInto(String text) {
        return !secret.isEmpty() && text != null && text.contains(secret);
    }
}
