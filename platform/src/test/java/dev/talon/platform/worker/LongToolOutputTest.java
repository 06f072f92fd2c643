package dev.talon.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.platform.data.DataLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongToolOutputTest {

    private static final String EMOJI = "\uD83D\uDE00";

    @TempDir
    Path dataDir;

    @BeforeEach
    void tenantFolder() throws Exception {
        Files.createDirectories(dataDir.resolve("tenants/acme"));
    }

    private List<Path> kept(String turnId) throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("tenants/acme/tool-outputs/" + turnId))) {
            return files.toList();
        }
    }

    @Test
    void anEmojiAcrossTheLimitIsLeftOutWholeNotSplit() throws Exception {
        String content = "a".repeat(999) + EMOJI + "b".repeat(2000); // the emoji is chars 999 and 1000
        String cut = LongToolOutput.cut(new DataLayout(dataDir), "acme", "t1", 1, "c1", content, 1000);

        String head = cut.substring(0, cut.indexOf("\n... (output cut"));
        assertThat(head).isEqualTo("a".repeat(999));
        assertThat(cut).contains("output cut at 999 of 3001 characters");
        // what is given to the LLM encodes to UTF-8 and back unchanged: no lone surrogate
        assertThat(new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(cut);
        assertThat(kept("t1")).singleElement()
                .satisfies(file -> assertThat(Files.readString(file)).isEqualTo(content));
    }

    @Test
    void anEmojiThatEndsAtTheLimitIsKept() throws Exception {
        String content = "a".repeat(998) + EMOJI + "b".repeat(2000);
        String cut = LongToolOutput.cut(new DataLayout(dataDir), "acme", "t2", 1, "c1", content, 1000);

        assertThat(cut).startsWith("a".repeat(998) + EMOJI + "\n... (output cut at 1000 of 3000 characters");
    }

    @Test
    void theTenantLimitDecidesAndOutputWithinItIsUntouched() throws Exception {
        String content = "x".repeat(5000);
        DataLayout layout = new DataLayout(dataDir);

        assertThat(LongToolOutput.cut(layout, "acme", "t3", 1, "c1", content, 5000)).isEqualTo(content);
        assertThat(Files.exists(dataDir.resolve("tenants/acme/tool-outputs/t3"))).isFalse();
        assertThat(LongToolOutput.cut(layout, "acme", "t3", 2, "c1", content, 2000))
                .startsWith("x".repeat(2000) + "\n... (output cut at 2000 of 5000 characters");
    }
}
