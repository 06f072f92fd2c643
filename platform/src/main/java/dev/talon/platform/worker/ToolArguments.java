package dev.talon.platform.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.ValidationLimitExceededException;
import dev.talon.api.TextCut;
import dev.talon.api.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a tool call's arguments against the tool's parameters schema before the tool runs, so that every tool gets
 * arguments of the shape it declared and the model reads what was wrong. The arguments are the model's, hostile:
 * their size is measured without recursion first, and validation runs under a step and depth budget.
 *
 * <p>Each tool's schema is compiled once and kept (by spec). A schema that does not compile, or that its own
 * meta-schema refuses, is logged once and then reported to the model as a fault of the tool on every call; the turn
 * goes on. Schemas never load anything: no remote or file {@code $ref} is fetched.
 */
final class ToolArguments {

    private static final System.Logger LOG = System.getLogger(ToolArguments.class.getName());

    static final JsonSize ARGUMENT_LIMITS = new JsonSize(64, 100_000, 2_000_000);
    private static final JsonSize SCHEMA_LIMITS = new JsonSize(64, 100_000, 1_000_000);
    private static final String DEFAULT_DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final int MAX_MESSAGES = 8;
    private static final int MAX_MESSAGE_CHARS = 300;
    private static final long MAX_EVALUATION_STEPS = 200_000;
    private static final int MAX_EVALUATION_DEPTH = 256;
    /** Specs kept compiled; past it the cache starts over (tool sets are small, plugin reloads make new specs). */
    private static final int MAX_CACHED = 1_000;

    private static final ObjectMapper JACKSON2 = new ObjectMapper();
    private static final JsonMapper JACKSON3 = JsonMapper.builder().build();

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)
                    // only the meta-schemas, which the library serves from its own jar
                    .allow(iri -> iri.toString().startsWith("https://json-schema.org/")
                            || iri.toString().startsWith("http://json-schema.org/"))));
    private final Map<ToolSpec, CheckedSchema> schemas = new ConcurrentHashMap<>();

    /** Why the call must not run, as the model should read it, or null when the arguments fit the schema. */
    String problem(ToolSpec spec, JsonNode arguments) {
        String tooBig = ARGUMENT_LIMITS.problem(arguments);
        if (tooBig != null) {
            return "Error: the arguments of " + spec.name() + " were refused unread: " + tooBig
                    + ". Call it again with smaller arguments.";
        }
        CheckedSchema checked = checked(spec);
        if (checked instanceof CheckedSchema.Broken broken) {
            return "Error: " + spec.name() + " cannot be called: its parameters schema is invalid (" + broken.reason()
                    + "). This is a fault of the tool, not of your call; use another tool.";
        }
        Schema schema = ((CheckedSchema.Usable) checked).schema();
        List<Error> errors;
        try {
            errors = schema.validate(toJackson3(arguments), context -> context.executionConfig(config -> config
                    .maxEvaluationSteps(MAX_EVALUATION_STEPS).maxEvaluationDepth(MAX_EVALUATION_DEPTH)));
        } catch (ValidationLimitExceededException e) {
            return "Error: the arguments of " + spec.name() + " are too complex to check against its schema."
                    + " Call it again with simpler arguments.";
        } catch (RuntimeException e) {
            // the schema compiled but fails when used (a $ref that resolves nowhere): the tool's fault, once
            schemas.put(spec, broken(spec, e.getMessage()));
            return problem(spec, arguments);
        }
        return errors.isEmpty() ? null : describe(spec, errors);
    }

    private CheckedSchema checked(ToolSpec spec) {
        CheckedSchema known = schemas.get(spec);
        if (known != null) {
            return known;
        }
        if (schemas.size() >= MAX_CACHED) {
            schemas.clear();
        }
        return schemas.computeIfAbsent(spec, this::compile);
    }

    private CheckedSchema compile(ToolSpec spec) {
        JsonNode node = spec.parametersSchema();
        String tooBig = SCHEMA_LIMITS.problem(node);
        if (tooBig != null) {
            return broken(spec, "the schema is too big: " + tooBig);
        }
        if (!node.isObject()) {
            return broken(spec, "the schema must be a JSON object");
        }
        try {
            tools.jackson.databind.JsonNode schemaNode = toJackson3(node);
            String dialect = node.path("$schema").asText(DEFAULT_DIALECT);
            List<Error> problems = registry.getSchema(SchemaLocation.of(dialect)).validate(schemaNode);
            if (!problems.isEmpty()) {
                return broken(spec, "the meta-schema refuses it: " + lines(problems));
            }
            Schema schema = registry.getSchema(schemaNode);
            schema.initializeValidators(); // compile every part now: a bad part fails here, not in some call
            return new CheckedSchema.Usable(schema);
        } catch (RuntimeException e) {
            return broken(spec, e.getMessage());
        }
    }

    private static CheckedSchema broken(ToolSpec spec, String why) {
        String reason = cut(why == null ? "it cannot be compiled" : why);
        LOG.log(System.Logger.Level.WARNING, "tool {0}: its parameters schema is invalid, calls to it are refused: {1}",
                spec.name(), reason);
        return new CheckedSchema.Broken(reason);
    }

    private static String describe(ToolSpec spec, List<Error> errors) {
        // one line: the first line of a tool result is what some summaries keep
        return "Error: invalid arguments for " + spec.name() + ", nothing was run: " + lines(errors)
                + ". Call it again with arguments that match its parameters schema.";
    }

    private static String lines(List<Error> errors) {
        List<String> lines = errors.stream().limit(MAX_MESSAGES).map(error -> cut(line(error))).collect(
                Collectors.toCollection(ArrayList::new));
        if (errors.size() > MAX_MESSAGES) {
            lines.add("and " + (errors.size() - MAX_MESSAGES) + " more");
        }
        return String.join("; ", lines);
    }

    private static String line(Error error) {
        String message = String.valueOf(error.getMessage());
        String where = String.valueOf(error.getInstanceLocation());
        return message.startsWith(where) ? message : where + ": " + message;
    }

    private static String cut(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= MAX_MESSAGE_CHARS ? oneLine : TextCut.head(oneLine, MAX_MESSAGE_CHARS) + "…";
    }

    private static tools.jackson.databind.JsonNode toJackson3(JsonNode node) {
        try {
            return JACKSON3.readTree(JACKSON2.writeValueAsString(
                    node == null ? JACKSON2.nullNode() : node));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
