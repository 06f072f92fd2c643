package dev.talon.api;

/**
 * Cuts text to a number of UTF-16 chars without ever splitting a surrogate pair (half an emoji is not text, and
 * JSON encoders turn it into a replacement character or refuse it). The one way Talon and its plugins shorten
 * text.
 */
public final class TextCut {

    private TextCut() {
    }

    /**
     * Where to cut {@code text} to keep at most {@code maxChars} chars: {@code maxChars} itself, one less when that
     * would leave the high half of a pair last, or the text's length when it is short enough.
     */
    public static int end(String text, int maxChars) {
        if (maxChars < 0) {
            throw new IllegalArgumentException("maxChars must not be negative: " + maxChars);
        }
        if (text.length() <= maxChars) {
            return text.length();
        }
        return maxChars > 0 && Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    }

    /** The first {@code maxChars} chars at most, never ending in half a surrogate pair. */
    public static String head(String text, int maxChars) {
        return text.substring(0, end(text, maxChars));
    }

    /**
     * The text as is when it fits; else its head and the marker {@code "\n... (truncated, N more chars)"}. The
     * marker comes on top of {@code maxChars}.
     */
    public static String withMarker(String text, int maxChars) {
        int end = end(text, maxChars);
        if (end == text.length()) {
            return text;
        }
        return text.substring(0, end) + "\n... (truncated, " + (text.length() - end) + " more chars)";
    }
}
