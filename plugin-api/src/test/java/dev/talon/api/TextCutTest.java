package dev.talon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextCutTest {

    private static final String EMOJI = "\uD83D\uDE00"; // one character, two chars

    @Test
    void shortTextIsKeptWhole() {
        assertThat(TextCut.head("abc", 3)).isEqualTo("abc");
        assertThat(TextCut.withMarker("abc", 5)).isEqualTo("abc");
    }

    @Test
    void aCutThatWouldEndInTheHighHalfOfAPairKeepsNeitherHalf() {
        String text = "ab" + EMOJI + "cd"; // the emoji is chars 2 and 3
        assertThat(TextCut.end(text, 3)).isEqualTo(2);
        assertThat(TextCut.head(text, 3)).isEqualTo("ab");
        assertThat(TextCut.withMarker(text, 3)).isEqualTo("ab\n... (truncated, 4 more chars)");
    }

    @Test
    void aCutRightAfterAPairKeepsIt() {
        String text = "ab" + EMOJI + "cd";
        assertThat(TextCut.head(text, 4)).isEqualTo("ab" + EMOJI);
    }

    @Test
    void everyCutOfEmojiTextIsWellFormed() {
        String text = EMOJI.repeat(50);
        for (int max = 0; max <= text.length(); max++) {
            String head = TextCut.head(text, max);
            assertThat(head.length()).isLessThanOrEqualTo(max).isGreaterThanOrEqualTo(max - 1);
            assertThat(head.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
            assertThat(head.isEmpty() || !Character.isHighSurrogate(head.charAt(head.length() - 1))).isTrue();
        }
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> TextCut.end("abc", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
