package dev.talon.plugins.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ToolResult;
import dev.talon.files.Swapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant's own exec racing the file tools, as issue 9 found it: a program in the sandbox exchanges a
 * directory with a link to a host directory ({@code renameat2(RENAME_EXCHANGE)} in a loop) while the model
 * calls read, write, edit and list on a path through it. On the old check-then-use tools 2 of 40 reads
 * returned the host file and 6 of 40 writes landed on the host; here hundreds of tries reach nothing.
 */
@Tag("hostile-model")
@DisplayName("file tools race exec: no read, write, edit or list reaches through a swapped-in link")
class RacingExecTest {

    private static final int TRIES = 400;

    @TempDir
    Path root;

    Path workspace;
    Path host;
    ToolHarness tools;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(root.resolve("ws"));
        host = Files.createDirectories(root.resolve("host"));
        Files.writeString(host.resolve("f"), "HOST SECRET");
        Files.writeString(host.resolve("host-only"), "");
        Files.createDirectories(workspace.resolve("sub"));
        Files.writeString(workspace.resolve("sub/f"), "inside");
        Files.createSymbolicLink(workspace.resolve("link"), host);
        tools = new ToolHarness(workspace);
    }

    @Test
    void aDirectorySwappedWithALinkToTheHost() throws Exception {
        int escapes = 0;
        try (Swapper swapper = Swapper.exchanging(workspace.resolve("sub"), workspace.resolve("link"))) {
            for (int i = 0; i < TRIES; i++) {
                escapes += leaked(tools.call("read_file", "path", "sub/f"));
                escapes += leaked(tools.call("list_dir", "path", "sub"));
                tools.call("write_file", "path", "sub/written-" + i, "content", "x");
                tools.call("edit_file", "path", "sub/f", "old_text", "HOST SECRET", "new_text", "EDITED");
                tools.call("edit_file", "path", "sub/f", "old_text", "inside", "new_text", "inside");
            }
            assertThat(swapper.swaps()).as("the swapper ran").isPositive();
        }
        assertThat(escapes).as("results showing the host directory, of " + TRIES * 2).isZero();
        assertHostUntouched();
    }

    @Test
    void aFileSwappedWithALinkToAHostFile() throws Exception {
        Files.createSymbolicLink(workspace.resolve("sub/g"), host.resolve("f"));
        int escapes = 0;
        try (Swapper swapper = Swapper.exchanging(workspace.resolve("sub/f"), workspace.resolve("sub/g"))) {
            for (int i = 0; i < TRIES; i++) {
                escapes += leaked(tools.call("read_file", "path", "sub/f"));
                tools.call("write_file", "path", "sub/f", "content", "inside");
                tools.call("edit_file", "path", "sub/g", "old_text", "HOST SECRET", "new_text", "EDITED");
            }
            assertThat(swapper.swaps()).as("the swapper ran").isPositive();
        }
        assertThat(escapes).as("reads returning the host file, of " + TRIES).isZero();
        assertHostUntouched();
    }

    private static int leaked(ToolResult result) {
        return result.content().contains("HOST SECRET") || result.content().contains("host-only") ? 1 : 0;
    }

    private void assertHostUntouched() throws IOException {
        assertThat(host.resolve("f")).hasContent("HOST SECRET");
        try (Stream<Path> names = Files.list(host)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("f", "host-only");
        }
    }
}
