package dev.talon.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.Redactor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrubbedDeltasTest {

    private static final String KEY = "sk-live-0123456789";

    private final List<String> out = new ArrayList<>();

    @Test
    void aKeySplitAcrossDeltasNeverPassesAndTheTextIsOtherwiseWhole() {
        ScrubbedDeltas deltas = new ScrubbedDeltas(new Redactor(KEY), out::add);
        List<String> in = List.of("Your key is sk-li", "ve-01234", "56789, keep it ", "safe. ", "\uD83D\uDE00");

        in.forEach(deltas::text);
        deltas.flush();

        String joined = String.join("", out);
        assertThat(joined).isEqualTo("Your key is ***, keep it safe. \uD83D\uDE00");
        assertThat(out).allSatisfy(piece -> assertThat(piece).doesNotContain("sk-li"));
        assertThat(out).allSatisfy(piece -> assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1))).isFalse());
    }

    @Test
    void withoutAKeyEveryDeltaPassesAtOnce() {
        ScrubbedDeltas deltas = new ScrubbedDeltas(new Redactor(""), out::add);

        deltas.text("a");
        deltas.text("");
        deltas.text("b");

        assertThat(out).containsExactly("a", "b");
    }
}
