package dev.talon.plugins.workspace;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the lines of a file that look most like a text the model expected to find there. When an edit
 * misses, showing the nearest lines (usually a whitespace or stale-content difference) lets the model fix its
 * next attempt without re-reading the whole file.
 */
final class SimilarText {

    /** A run of lines and how alike it is to the wanted text, from 0 (nothing shared) to 1. */
    record Match(int firstLine, int lastLine, String text, double similarity) {
    }

    // Below this, the "most similar" lines are noise and would mislead more than help.
    private static final double MIN_SIMILARITY = 0.5;
    // Scoring is linear in the file per window line; past this size the hint is not worth the time.
    private static final int MAX_CONTENT_CHARS = 1_000_000;

    private SimilarText() {
    }

    /** The window of lines, as many as {@code wanted} has, that is most similar to it, if any is close enough. */
    static Optional<Match> find(String content, String wanted) {
        if (content.length() > MAX_CONTENT_CHARS) {
            return Optional.empty();
        }
        String[] lines = content.split("\n", -1);
        int window = Math.min(lines.length, Math.max(1, wanted.strip().split("\n", -1).length));
        Map<Integer, Integer> wantedBigrams = bigrams(squeeze(wanted));
        Match best = null;
        for (int first = 0; first + window <= lines.length; first++) {
            String candidate = String.join("\n", Arrays.copyOfRange(lines, first, first + window));
            if (candidate.isBlank()) {
                continue;
            }
            double similarity = dice(wantedBigrams, bigrams(squeeze(candidate)));
            if (best == null || similarity > best.similarity()) {
                best = new Match(first + 1, first + window, candidate, similarity);
            }
        }
        return best != null && best.similarity() >= MIN_SIMILARITY ? Optional.of(best) : Optional.empty();
    }

    // Indentation and line-ending differences are the usual reason for a miss; they should not hide the match.
    private static String squeeze(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    private static Map<Integer, Integer> bigrams(String text) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i + 1 < text.length(); i++) {
            counts.merge((text.charAt(i) << 16) | text.charAt(i + 1), 1, Integer::sum);
        }
        return counts;
    }

    // Dice's coefficient over character bigrams: cheap, and forgiving of small edits anywhere in the text.
    private static double dice(Map<Integer, Integer> a, Map<Integer, Integer> b) {
        int sizeA = a.values().stream().mapToInt(Integer::intValue).sum();
        int sizeB = b.values().stream().mapToInt(Integer::intValue).sum();
        if (sizeA + sizeB == 0) {
            return 0;
        }
        int shared = 0;
        for (Map.Entry<Integer, Integer> entry : a.entrySet()) {
            shared += Math.min(entry.getValue(), b.getOrDefault(entry.getKey(), 0));
        }
        return 2.0 * shared / (sizeA + sizeB);
    }
}
