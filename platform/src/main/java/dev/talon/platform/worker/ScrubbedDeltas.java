package dev.talon.platform.worker;

import dev.talon.api.Redactor;
import dev.talon.api.TextDeltaSink;
import java.util.function.Consumer;

/**
 * Passes a streamed answer on with the provider key replaced, even when the key arrives split across deltas:
 * the last {@code key length - 1} characters are held back until the next delta (or {@link #flush()}) shows
 * whether they start the key.
 */
final class ScrubbedDeltas implements TextDeltaSink {

    private final Redactor redactor;
    private final Consumer<String> next;
    private final int holdBack;
    private final StringBuilder pending = new StringBuilder();

    ScrubbedDeltas(Redactor redactor, Consumer<String> next) {
        this.redactor = redactor;
        this.next = next;
        this.holdBack = Math.max(0, redactor.secret().length() - 1);
    }

    @Override
    public void text(String delta) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        if (holdBack == 0) {
            next.accept(delta);
            return;
        }
        pending.append(delta);
        String scrubbed = redactor.scrub(pending.toString());
        int cut = scrubbed.length() - holdBack;
        if (cut > 0 && Character.isHighSurrogate(scrubbed.charAt(cut - 1))) {
            cut--; // never half a surrogate pair
        }
        pending.setLength(0);
        if (cut <= 0) {
            pending.append(scrubbed);
            return;
        }
        pending.append(scrubbed, cut, scrubbed.length());
        next.accept(scrubbed.substring(0, cut));
    }

    /** Passes on what was held back; the answer is whole. */
    void flush() {
        if (!pending.isEmpty()) {
            next.accept(redactor.scrub(pending.toString()));
            pending.setLength(0);
        }
    }
}
