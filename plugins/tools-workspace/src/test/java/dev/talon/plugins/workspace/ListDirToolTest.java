package dev.talon.plugins.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListDirToolTest {

    @TempDir
    Path workspace;

    ToolHarness tools;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(workspace);
    }

    @Test
    void listsEntriesSortedWithDirectoriesMarkedBySlash() throws IOException {
        Files.createDirectories(workspace.resolve("src/main"));
        Files.writeString(workspace.resolve("README.md"), "x");
        Files.writeString(workspace.resolve("build.sh"), "x");
        Files.writeString(workspace.resolve("src/App.java"), "x");

        assertThat(tools.call("list_dir", "path", ".").content()).isEqualTo("README.md\nbuild.sh\nsrc/");
        assertThat(tools.call("list_dir", "path", "src").content()).isEqualTo("App.java\nmain/");
    }

    @Test
    void pathDefaultsToTheWorkspace() throws IOException {
        Files.writeString(workspace.resolve("a.txt"), "x");

        ToolResult result = tools.callJson("list_dir", "{}");

        assertThat(result.error()).isFalse();
        assertThat(result.content()).isEqualTo("a.txt");
    }

    @Test
    void blankPathMeansTheWorkspace() throws IOException {
        Files.writeString(workspace.resolve("a.txt"), "x");

        assertThat(tools.call("list_dir", "path", "").content()).isEqualTo("a.txt");
    }

    @Test
    void emptyDirectoryIsMarkedEmpty() {
        assertThat(tools.call("list_dir", "path", ".").content()).isEqualTo("(empty)");
    }

    @Test
    void missingDirectoryIsAnError() {
        ToolResult result = tools.call("list_dir", "path", "nope");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).isEqualTo("Error: Directory not found: nope");
    }

    @Test
    void fileIsNotADirectory() throws IOException {
        Files.writeString(workspace.resolve("a.txt"), "x");

        ToolResult result = tools.call("list_dir", "path", "a.txt");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).isEqualTo("Error: Not a directory: a.txt");
    }
}
