package dev.talon.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.ToolSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ToolArgumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolArguments arguments = new ToolArguments();

    private static ToolSpec spec(String name, String schema) throws Exception {
        return new ToolSpec(name, "test tool", JSON.readTree(schema));
    }

    private static final String READ_FILE_SCHEMA = """
            {"type": "object", "properties": {"path": {"type": "string"}, "limit": {"type": "integer", "minimum": 1}},
             "required": ["path"], "additionalProperties": false}""";

    @Test
    @DisplayName("arguments that fit the schema pass")
    void fittingArgumentsPass() throws Exception {
        assertThat(arguments.problem(spec("read_file", READ_FILE_SCHEMA), JSON.readTree("{\"path\": \"a.txt\"}")))
                .isNull();
    }

    @Test
    @DisplayName("a missing property, a wrong type and an extra property are each named for the model")
    void badArgumentsAreDescribed() throws Exception {
        String problem = arguments.problem(spec("read_file", READ_FILE_SCHEMA),
                JSON.readTree("{\"limit\": \"ten\", \"mode\": 1}"));
        assertThat(problem).startsWith("Error: invalid arguments for read_file, nothing was run: ")
                .contains("path").contains("limit").contains("integer").contains("mode").doesNotContain("\n")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("many errors are listed up to a bound, the rest counted")
    void manyErrorsAreBounded() throws Exception {
        StringBuilder properties = new StringBuilder();
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            properties.append(i == 0 ? "" : ",").append("\"p").append(i).append("\": {\"type\": \"integer\"}");
            args.append(i == 0 ? "" : ",").append("\"p").append(i).append("\": \"").append("x".repeat(2_000))
                    .append("\"");
        }
        String problem = arguments.problem(spec("wide", "{\"type\": \"object\", \"properties\": {" + properties + "}}"),
                JSON.readTree("{" + args + "}"));
        assertThat(problem).contains("; and 42 more.");
        assertThat(problem.length()).isLessThan(4_000);
    }

    @Test
    @DisplayName("hostile input: arguments 900 levels deep are refused unread, without a stack overflow")
    void deeplyNestedArgumentsAreRefused() throws Exception {
        JsonNode deep = nested(900);
        String problem = arguments.problem(spec("read_file", "{\"type\": \"object\"}"), deep);
        assertThat(problem).contains("refused unread").contains("nested deeper than 64 levels");
    }

    @Test
    @DisplayName("hostile input: a hundred thousand levels, built in memory (no parser limit), are refused too")
    void absurdlyDeepArgumentsAreRefused() {
        assertThat(arguments.problem(new ToolSpec("t", "d", JSON.createObjectNode()), nested(100_000)))
                .contains("nested deeper than 64 levels");
    }

    @Test
    @DisplayName("hostile input: huge arguments (a long text, very many values) are refused unread")
    void hugeArgumentsAreRefused() throws Exception {
        ToolSpec any = spec("write_file", "{\"type\": \"object\"}");
        ObjectNode longText = JSON.createObjectNode().put("content", "x".repeat(3_000_000));
        assertThat(arguments.problem(any, longText)).contains("longer than 2000000 characters");
        ObjectNode wide = JSON.createObjectNode();
        ArrayNode many = wide.putArray("items");
        for (int i = 0; i < 200_000; i++) {
            many.add(i);
        }
        assertThat(arguments.problem(any, wide)).contains("more than 100000 values");
    }

    @Test
    @DisplayName("a schema that is itself invalid is a tool error naming the tool's fault, the same on every call")
    void invalidSchemaIsAToolFault() throws Exception {
        ToolSpec broken = spec("broken", "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"numbr\"}}}");
        String first = arguments.problem(broken, JSON.readTree("{\"n\": 1}"));
        assertThat(first).startsWith("Error: broken cannot be called: its parameters schema is invalid")
                .contains("fault of the tool");
        assertThat(arguments.problem(broken, JSON.readTree("{\"n\": 1}"))).isEqualTo(first);
        assertThat(arguments.problem(spec("array", "[1]"), JSON.readTree("{}")))
                .contains("must be a JSON object");
        assertThat(arguments.problem(spec("badregex", "{\"properties\": {\"s\": {\"pattern\": \"(\"}}}"),
                JSON.readTree("{\"s\": \"x\"}"))).contains("parameters schema is invalid");
    }

    @Test
    @DisplayName("a schema's $ref to a file or a URL is never loaded: the schema is reported broken")
    void schemaLoadsNothing() throws Exception {
        for (String ref : new String[] {"file:///etc/hostname", "http://127.0.0.1:9/schema.json"}) {
            String problem = arguments.problem(spec("remote", "{\"properties\": {\"s\": {\"$ref\": \"" + ref + "\"}}}"),
                    JSON.readTree("{\"s\": \"x\"}"));
            assertThat(problem).as(ref).contains("parameters schema is invalid");
        }
    }

    @Test
    @DisplayName("a draft-07 schema is read as draft-07")
    void declaredDialectIsUsed() throws Exception {
        ToolSpec draft7 = spec("d7", """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                 "properties": {"n": {"type": "integer", "exclusiveMinimum": 3}}}""");
        assertThat(arguments.problem(draft7, JSON.readTree("{\"n\": 4}"))).isNull();
        assertThat(arguments.problem(draft7, JSON.readTree("{\"n\": 3}"))).contains("n");
    }

    private static JsonNode nested(int depth) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode current = root;
        for (int i = 0; i < depth; i++) {
            current = current.putObject("a");
        }
        return root;
    }

}
