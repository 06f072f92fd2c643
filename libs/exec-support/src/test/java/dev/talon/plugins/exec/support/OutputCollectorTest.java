package dev.talon.plugins.exec.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputCollectorTest {

    @Test
    void keepsEverythingUnderTheLimit() {
        OutputCollector collector = collect("héllo", 100);

        assertThat(collector.text()).isEqualTo("héllo");
    }

    @Test
    void cutsAtTheLimitAndSaysHowManyBytesWereDropped() {
        OutputCollector collector = collect("abcdefghij", 4);

        assertThat(collector.text()).isEqualTo("abcd\n... (truncated, 6 more bytes)");
    }

    @Test
    void cutInsideACharacterDropsTheWholeCharacter() {
        // "ab€€" is 2 + 3 + 3 bytes; a limit of 6 ends one byte into the second euro sign
        OutputCollector collector = collect("ab€€", 6);

        assertThat(collector.text()).isEqualTo("ab€\n... (truncated, 3 more bytes)");
    }

    private static OutputCollector collect(String text, int limit) {
        OutputCollector collector = new OutputCollector(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
        collector.run();
        return collector;
    }
}
