package dev.talon.plugins.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteFileToolTest {

    @TempDir
    Path workspace;

    ToolHarness tools;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(workspace);
    }

    @Test
    void writesAFileCreatingItsParentDirectories() throws IOException {
        ToolResult result = tools.call("write_file", "path", "a/b/c.txt", "content", "héllo");

        assertThat(result.error()).isFalse();
        assertThat(result.content()).isEqualTo("Wrote 6 bytes to a/b/c.txt");
        assertThat(workspace.resolve("a/b/c.txt")).hasContent("héllo");
    }

    @Test
    void replacesAnExistingFileLeavingNoTemporaryFileBehind() throws IOException {
        Files.writeString(workspace.resolve("notes.md"), "old content that is longer");

        ToolResult result = tools.call("write_file", "path", "notes.md", "content", "new");

        assertThat(result.error()).isFalse();
        assertThat(workspace.resolve("notes.md")).hasContent("new");
        try (Stream<Path> files = Files.list(workspace)) {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly("notes.md");
        }
    }

    @Test
    void newFileIsReadableByOthersLikeAnOrdinaryFile() throws IOException {
        tools.call("write_file", "path", "notes.md", "content", "x");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(workspace.resolve("notes.md"))))
                .isEqualTo("rw-r--r--");
    }

    @Test
    void replacedFileKeepsItsPermissions() throws IOException {
        Path script = workspace.resolve("run.sh");
        Files.writeString(script, "old");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));

        tools.call("write_file", "path", "run.sh", "content", "new");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-x---");
    }

    @Test
    void writingEmptyContentMakesAnEmptyFile() {
        ToolResult result = tools.call("write_file", "path", "empty.txt", "content", "");

        assertThat(result.content()).isEqualTo("Wrote 0 bytes to empty.txt");
        assertThat(workspace.resolve("empty.txt")).isEmptyFile();
    }

    @Test
    void directoryTargetIsAnError() throws IOException {
        Files.createDirectories(workspace.resolve("docs"));

        ToolResult result = tools.call("write_file", "path", "docs", "content", "x");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: ");
        assertThat(workspace.resolve("docs")).isDirectory();
    }

    @Test
    void parentThatIsAFileIsAnError() throws IOException {
        Files.writeString(workspace.resolve("docs"), "a file");

        ToolResult result = tools.call("write_file", "path", "docs/notes.md", "content", "x");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: Cannot write docs/notes.md");
    }
}
