package dev.talon.plugins.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ToolResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditFileToolTest {

    private static final String CODE = """
            def greet(name):
                print("hello", name)

            def part(name):
                print("bye", name)
            """;

    @TempDir
    Path workspace;

    ToolHarness tools;
    Path file;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(workspace);
        file = workspace.resolve("app.py");
        Files.writeString(file, CODE);
    }

    @Test
    void replacesTheOneOccurrence() {
        ToolResult result = tools.call("edit_file",
                "path", "app.py", "old_text", "print(\"hello\", name)", "new_text", "print(f\"hi {name}\")");

        assertThat(result.error()).isFalse();
        assertThat(result.content()).isEqualTo("Edited app.py");
        assertThat(file).hasContent(CODE.replace("print(\"hello\", name)", "print(f\"hi {name}\")"));
    }

    @Test
    void replacementTextIsTakenLiterally() {
        tools.call("edit_file", "path", "app.py", "old_text", "\"bye\"", "new_text", "\"$1 \\\\ bye\"");

        assertThat(file).content().contains("print(\"$1 \\\\ bye\", name)");
    }

    @Test
    void noMatchIsAnErrorShowingTheMostSimilarLines() {
        ToolResult result = tools.call("edit_file",
                "path", "app.py", "old_text", "print('hello', name)", "new_text", "x");

        assertThat(result.error()).isTrue();
        assertThat(result.content())
                .startsWith("Error: old_text not found in app.py.")
                .contains("line 2")
                .contains("print(\"hello\", name)");
        assertThat(file).hasContent(CODE);
    }

    @Test
    void noMatchWithNothingSimilarSaysSo() {
        ToolResult result = tools.call("edit_file",
                "path", "app.py", "old_text", "SELECT * FROM users WHERE id = 7;", "new_text", "x");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: old_text not found in app.py.").contains("No similar text");
    }

    @Test
    void twoMatchesIsAnErrorSayingHowManyAndAskingForContext() {
        ToolResult result = tools.call("edit_file", "path", "app.py", "old_text", "print(", "new_text", "log(");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: ").contains("2 times").contains("context");
        assertThat(file).hasContent(CODE);
    }

    @Test
    void overlappingMatchesAreNotUnique() throws IOException {
        Files.writeString(file, "aaa");

        ToolResult result = tools.call("edit_file", "path", "app.py", "old_text", "aa", "new_text", "b");

        assertThat(result.error()).isTrue();
        assertThat(file).hasContent("aaa");
    }

    @Test
    void missingFileIsFileNotFound() {
        ToolResult result = tools.call("edit_file", "path", "nope.py", "old_text", "a", "new_text", "b");

        assertThat(result.content()).isEqualTo("Error: File not found: nope.py");
    }

    @Test
    void emptyOldTextIsAnError() {
        ToolResult result = tools.call("edit_file", "path", "app.py", "old_text", "", "new_text", "b");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("old_text");
        assertThat(file).hasContent(CODE);
    }

    @Test
    @Tag("hostile-model")
    @DisplayName("edit_file refuses a huge file before reading it (a 1.9 GB file took the worker to 8 GB)")
    void aHugeFileIsRefusedUnread() throws IOException {
        Path huge = workspace.resolve("huge.log");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(64L * 1024 * 1024);  // sparse: no disk used, but 64 MiB to anyone who reads it
        }

        ToolResult result = tools.call("edit_file", "path", "huge.log", "old_text", "a", "new_text", "b");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: File too large: huge.log").contains("limit is 1048576 bytes");
    }
}
