package dev.talon.plugins.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(String text, int max) {
        return new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    }

    @Test
    @DisplayName("lines end in \\n, a \\r before it is dropped, a last line without \\n counts, then null")
    void readsLines() throws Exception {
        LineReader lines = reader("{\"a\":1}\r\n\nlast ü", 100);

        assertThat(lines.next()).isEqualTo("{\"a\":1}");
        assertThat(lines.next()).isEmpty();
        assertThat(lines.next()).isEqualTo("last ü");
        assertThat(lines.next()).isNull();
    }

    @Test
    @DisplayName("a line past the limit is refused rather than read into memory")
    void refusesLongLines() throws Exception {
        LineReader lines = reader("short\n" + "x".repeat(40_000) + "\n", 1024);

        assertThat(lines.next()).isEqualTo("short");
        assertThatThrownBy(lines::next).isInstanceOf(LineReader.LineTooLong.class);
    }
}
