package dev.talon.plugins.workspace;

/** Keeps tool output within what a model can usefully read. */
final class Texts {

    private Texts() {
    }

    /** The first {@code limit} characters, then a marker saying how many were left out. */
    static String truncate(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int cut = limit;
        // Never split a surrogate pair: half a character is not text.
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + "\n... (truncated, " + (text.length() - cut) + " more chars)";
    }
}
