package dev.talon.plugins.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemorySearchToolTest {

    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    ToolHarness tools;

    @BeforeEach
    void setUp() throws IOException {
        tools = new ToolHarness(workspace);
    }

    @Test
    void findsTheEntriesContainingEveryWordIgnoringCase() throws IOException {
        history("""
                [2026-11-01 09:00] Discussed the Berlin trip; booked a hotel.

                [2026-11-20 14:30] User asked about tea; prefers green tea.

                [2026-12-01 08:15] Planned the Berlin budget with the user.
                """);

        ToolResult result = tools.call("memory_search", "query", "berlin BUDGET");

        assertThat(result.error()).isFalse();
        assertThat(result.content()).isEqualTo(
                "1 matching entries:\n\n[2026-12-01 08:15] Planned the Berlin budget with the user.");
        assertThat(tools.call("memory_search", "query", "berlin").content())
                .contains("booked a hotel").contains("budget").doesNotContain("tea");
    }

    @Test
    void noHistoryAndNoMatchAreAnswersNotErrors() throws IOException {
        assertThat(tools.call("memory_search", "query", "x").content())
                .isEqualTo("No history yet: memory/HISTORY.md does not exist.");
        history("[2026-11-01 09:00] Something.\n");
        ToolResult none = tools.call("memory_search", "query", "nothing-like-this");
        assertThat(none.error()).isFalse();
        assertThat(none.content()).isEqualTo("No history entry matches: nothing-like-this");
    }

    @Test
    void manyMatchesShowTheMostRecent() throws IOException {
        StringBuilder history = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            history.append("[2026-11-01 09:00] entry ").append(i).append(" about cats\n\n");
        }
        history(history.toString());

        String content = tools.call("memory_search", "query", "cats").content();

        assertThat(content).startsWith("The 20 most recent of 30 matching entries:")
                .contains("entry 30 about").contains("entry 11 about").doesNotContain("entry 10 about");
    }

    @Test
    void aLinkedHistoryIsRefusedNotFollowed() throws IOException {
        Files.writeString(outside.resolve("secret.md"), "[2026-11-01 09:00] SECRET outside the workspace\n");
        Files.createDirectories(workspace.resolve("memory"));
        Files.createSymbolicLink(workspace.resolve("memory/HISTORY.md"), outside.resolve("secret.md"));

        ToolResult result = tools.call("memory_search", "query", "secret");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).doesNotContain("outside the workspace");
    }

    @Test
    void badQueriesAreToolErrors() {
        assertThat(tools.callJson("memory_search", "{}").content()).contains("Missing required argument: query");
        assertThat(tools.callJson("memory_search", "{\"query\": 7}").error()).isTrue();
        assertThat(tools.call("memory_search", "query", "   ").error()).isTrue();
    }

    private void history(String text) throws IOException {
        Files.createDirectories(workspace.resolve("memory"));
        Files.writeString(workspace.resolve("memory/HISTORY.md"), text);
    }
}
