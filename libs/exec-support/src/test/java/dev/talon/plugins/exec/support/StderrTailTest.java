package dev.talon.plugins.exec.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StderrTailTest {

    private static String tail(String text, int limit) {
        StderrTail tail = new StderrTail(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
        tail.run();
        return tail.text();
    }

    @Test
    @DisplayName("keeps everything under the limit and only the last bytes over it")
    void keepsTheEnd() {
        assertThat(tail("short", 16)).isEqualTo("short");
        assertThat(tail("x".repeat(100_000) + "the last words", 14)).isEqualTo("the last words");
        assertThat(tail("0123456789".repeat(3), 15)).isEqualTo("567890123456789");
    }

    @Test
    @DisplayName("reads smaller than the limit shift the kept bytes along")
    void smallReads() {
        byte[] text = "0123456789".repeat(3).getBytes(StandardCharsets.UTF_8);
        StderrTail tail = new StderrTail(new ByteArrayInputStream(text) {
            @Override
            public synchronized int read(byte[] buffer, int offset, int length) {
                return super.read(buffer, offset, Math.min(length, 7));
            }
        }, 15);
        tail.run();
        assertThat(tail.text()).isEqualTo("567890123456789");
    }
}
