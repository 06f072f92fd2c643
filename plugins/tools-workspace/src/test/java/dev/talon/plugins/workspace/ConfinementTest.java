package dev.talon.plugins.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace next to an "outside" folder holding a secret, with links from the workspace into it. Every
 * attempt to get out must be a tool error and leave the outside folder exactly as it was.
 */
class ConfinementTest {

    @TempDir
    Path root;

    Path workspace;
    Path outside;
    ToolHarness tools;
    Map<String, String> outsideBefore;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(root.resolve("ws"));
        outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.createDirectories(workspace.resolve("sub"));
        Files.createSymbolicLink(workspace.resolve("out-dir"), outside);
        Files.createSymbolicLink(workspace.resolve("out-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(workspace.resolve("dangling"), outside.resolve("created.txt"));
        Files.createSymbolicLink(workspace.resolve("sub/relative-out"), Path.of("../../outside"));
        tools = new ToolHarness(workspace);
        outsideBefore = snapshot(outside);
    }

    @AfterEach
    void outsideIsUnchanged() {
        assertThat(snapshot(outside)).isEqualTo(outsideBefore);
    }

    @Test
    void dotDotThatEscapesIsRefused() {
        assertRefused(tools.call("read_file", "path", "../outside/secret.txt"));
        assertRefused(tools.call("read_file", "path", "sub/../../outside/secret.txt"));
        assertRefused(tools.call("write_file", "path", "../outside/new.txt", "content", "x"));
        assertRefused(tools.call("list_dir", "path", ".."));
    }

    @Test
    void dotDotThatStaysInsideIsAllowed() throws IOException {
        Files.writeString(workspace.resolve("a.txt"), "inside");

        ToolResult result = tools.call("read_file", "path", "sub/../a.txt");

        assertThat(result.error()).isFalse();
        assertThat(result.content()).isEqualTo("inside");
    }

    @Test
    void absolutePathIsRefused() {
        assertRefused(tools.call("read_file", "path", "/etc/passwd"));
        assertRefused(tools.call("write_file", "path", outside.resolve("new.txt").toString(), "content", "x"));
        assertRefused(tools.call("list_dir", "path", "/"));
    }

    @Test
    void absolutePathInsideTheWorkspaceIsRefusedToo() throws IOException {
        Files.writeString(workspace.resolve("a.txt"), "inside");

        assertRefused(tools.call("read_file", "path", workspace.resolve("a.txt").toString()));
    }

    @Test
    void readingThroughASymlinkThatLeadsOutIsRefused() {
        assertRefused(tools.call("read_file", "path", "out-file"));
        assertRefused(tools.call("read_file", "path", "out-dir/secret.txt"));
        assertRefused(tools.call("read_file", "path", "sub/relative-out/secret.txt"));
        assertRefused(tools.call("list_dir", "path", "out-dir"));
    }

    @Test
    void writingThroughASymlinkThatLeadsOutIsRefused() {
        assertRefused(tools.call("write_file", "path", "out-file", "content", "overwritten"));
        assertRefused(tools.call("edit_file", "path", "out-file", "old_text", "top", "new_text", "no"));
    }

    @Test
    void writingUnderAParentThatIsASymlinkLeadingOutIsRefused() {
        assertRefused(tools.call("write_file", "path", "out-dir/new.txt", "content", "x"));
        assertRefused(tools.call("write_file", "path", "out-dir/deeper/new.txt", "content", "x"));
        assertRefused(tools.call("write_file", "path", "sub/relative-out/new.txt", "content", "x"));
    }

    @Test
    void writingToADanglingSymlinkThatLeadsOutIsRefused() {
        assertRefused(tools.call("write_file", "path", "dangling", "content", "x"));
    }

    @Test
    void aLinkIsNeverFollowedEvenWhenItStaysInside() throws IOException {
        Files.writeString(workspace.resolve("sub/real.txt"), "inside");
        Files.createSymbolicLink(workspace.resolve("alias.txt"), Path.of("sub/real.txt"));

        // Where a link leads can change between the check and the use; so the rule is simpler: never follow.
        assertRefused(tools.call("read_file", "path", "alias.txt"));
        assertRefused(tools.call("write_file", "path", "alias.txt", "content", "changed"));
        assertThat(workspace.resolve("sub/real.txt")).hasContent("inside");
        assertThat(Files.isSymbolicLink(workspace.resolve("alias.txt"))).isTrue();
    }

    @Test
    void aDanglingLinkIsNotWrittenThrough() throws IOException {
        Files.createSymbolicLink(workspace.resolve("later.txt"), Path.of("sub/later.txt"));

        assertRefused(tools.call("write_file", "path", "later.txt", "content", "x"));
        assertThat(workspace.resolve("sub/later.txt")).doesNotExist();
    }

    @Test
    void aLinkToADirectoryIsListedAsANameWithoutFollowingIt() {
        assertThat(tools.call("list_dir", "path", ".").content()).isEqualTo("dangling\nout-dir\nout-file\nsub/");
    }

    @Test
    void symlinkLoopIsAnError() throws IOException {
        Files.createSymbolicLink(workspace.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(workspace.resolve("loop-b"), Path.of("loop-a"));

        assertRefused(tools.call("write_file", "path", "loop-a", "content", "x"));
    }

    private static void assertRefused(ToolResult result) {
        assertThat(result.error()).as(result.content()).isTrue();
        assertThat(result.content()).startsWith("Error: ").doesNotContain("top secret");
    }

    // Every entry under the folder, links not followed, with file contents: any write would change it.
    private static Map<String, String> snapshot(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            Map<String, String> entries = new TreeMap<>();
            paths.forEach(path -> entries.put(folder.relativize(path).toString(), describe(path)));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(Path path) {
        try {
            if (Files.isSymbolicLink(path)) {
                return "link to " + Files.readSymbolicLink(path);
            }
            return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.readString(path) : "directory";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
