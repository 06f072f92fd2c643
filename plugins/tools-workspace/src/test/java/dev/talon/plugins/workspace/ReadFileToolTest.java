package dev.talon.plugins.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFileToolTest {

    @TempDir
    Path workspace;

    ToolHarness tools;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(workspace);
    }

    @Test
    void readsAFileRelativeToTheWorkspace() throws IOException {
        Files.createDirectories(workspace.resolve("docs"));
        Files.writeString(workspace.resolve("docs/notes.md"), "héllo\nworld\n");

        ToolResult result = tools.call("read_file", "path", "docs/notes.md");

        assertThat(result.error()).isFalse();
        assertThat(result.content()).isEqualTo("héllo\nworld\n");
    }

    @Test
    void missingFileIsFileNotFound() {
        ToolResult result = tools.call("read_file", "path", "nope.txt");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).isEqualTo("Error: File not found: nope.txt");
    }

    @Test
    void directoryIsAnError() throws IOException {
        Files.createDirectories(workspace.resolve("docs"));

        ToolResult result = tools.call("read_file", "path", "docs");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: ").contains("Not a file");
    }

    @Test
    void fileOfExactly512KbIsRead() throws IOException {
        Files.write(workspace.resolve("big.txt"), "x".repeat(512 * 1024).getBytes());

        ToolResult result = tools.call("read_file", "path", "big.txt");

        assertThat(result.error()).isFalse();
    }

    @Test
    void fileOver512KbIsRefusedWithSizeAndLimit() throws IOException {
        Files.write(workspace.resolve("big.txt"), "x".repeat(512 * 1024 + 1).getBytes());

        ToolResult result = tools.call("read_file", "path", "big.txt");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: ").contains("524289").contains("524288");
    }

    @Test
    void outputOver128000CharsIsCutWithAVisibleMarker() throws IOException {
        Files.writeString(workspace.resolve("long.txt"), "a".repeat(128_000) + "b".repeat(2_000));

        ToolResult result = tools.call("read_file", "path", "long.txt");

        assertThat(result.error()).isFalse();
        assertThat(result.content())
                .startsWith("a".repeat(128_000))
                .doesNotContain("b")
                .endsWith("\n... (truncated, 2000 more chars)");
    }
}
