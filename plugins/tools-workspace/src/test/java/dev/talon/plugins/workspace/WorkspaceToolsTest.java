package dev.talon.plugins.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolResult;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceToolsTest {

    @TempDir
    Path workspace;

    @Test
    void offersTheFourFileToolsByTheirNanobotNames() {
        assertThat(new WorkspaceTools().tools())
                .extracting(tool -> tool.spec().name())
                .containsExactly("read_file", "write_file", "edit_file", "list_dir", "memory_search");
    }

    @Test
    void describesArgumentsAsJsonSchemaObjectsWithRequiredStrings() {
        JsonNode edit = ToolHarness.tool("edit_file").spec().parametersSchema();
        assertThat(edit.get("type").asText()).isEqualTo("object");
        assertThat(edit.get("properties").get("old_text").get("type").asText()).isEqualTo("string");
        assertThat(edit.get("required")).extracting(JsonNode::asText).containsExactly("path", "old_text", "new_text");

        JsonNode list = ToolHarness.tool("list_dir").spec().parametersSchema();
        assertThat(list.get("properties").has("path")).isTrue();
        assertThat(list.get("required")).isEmpty();
    }

    @Test
    void noToolNeedsAnExecBackend() {
        assertThat(new WorkspaceTools().tools()).noneMatch(Tool::requiresExec);
    }

    @Test
    void missingArgumentIsAnErrorNamingIt() throws IOException {
        ToolResult result = new ToolHarness(workspace).call("write_file", "path", "notes.md");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: ").contains("content");
    }

    @Test
    void wronglyTypedArgumentIsAnErrorNamingIt() throws IOException {
        ToolResult result = new ToolHarness(workspace).callJson("read_file", "{\"path\": 42}");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: ").contains("'path'").contains("string");
    }

    @Test
    void argumentsThatAreNotAnObjectAreAnError() throws IOException {
        ToolResult result = new ToolHarness(workspace).callJson("read_file", "[\"notes.md\"]");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: ").contains("JSON object");
    }
}
