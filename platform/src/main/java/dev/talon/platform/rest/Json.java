package dev.talon.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON in and out of the REST API, with one strict mapper: unknown fields, repeated fields, wrong types (a
 * fraction or an exponent where a whole number belongs) and trailing garbage are refused with a message naming
 * the field, instead of being guessed at.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final Set<Class<?>> INTEGRAL = Set.of(Integer.class, int.class, Long.class, long.class,
            Short.class, short.class, Byte.class, byte.class);

    private Json() {
    }

    /** Parses a request body, or throws a 400 that says what is wrong with it. */
    static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("missing_body", "the request needs a JSON body");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ApiException.badRequest("invalid_body", "the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown_field", "unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            throw ApiException.badRequest("invalid_field", fieldPath(e) + describe(e));
        } catch (JsonMappingException e) {
            if (!e.getPath().isEmpty()) {
                throw ApiException.badRequest("invalid_field", fieldPath(e) + "is not valid: " + e.getOriginalMessage());
            }
            throw ApiException.badRequest("invalid_body", "the body does not have the expected shape: "
                    + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw notJson(e);
        }
    }

    /** Parses a body as a JSON tree, or throws a 400. */
    static JsonNode readTree(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("missing_body", "the request needs a JSON body");
        }
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (!tree.isObject()) {
                throw ApiException.badRequest("invalid_body", "the body must be a JSON object");
            }
            return tree;
        } catch (JacksonException e) {
            throw notJson(e);
        }
    }

    /** Converts a parsed body to a type, with the same 400s as {@link #read}. */
    static <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return read(MAPPER.writeValueAsString(tree), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot re-serialize a parsed body", e);
        }
    }

    static Response response(int status, Object body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(MAPPER.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body", e);
        }
    }

    static Response error(int status, String code, String message) {
        return response(status, ApiError.of(code, message));
    }

    /** Jackson names a repeated field in the message only ({@code Duplicate field 'x'}); it gets its own code. */
    private static ApiException notJson(JacksonException e) {
        String reason = e.getOriginalMessage();
        if (reason != null && reason.startsWith("Duplicate field ")) {
            return ApiException.badRequest("duplicate_field", "the body repeats a field: " + reason);
        }
        return ApiException.badRequest("invalid_json", "the body is not valid JSON: " + reason);
    }

    private static String fieldPath(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return "the body ";
        }
        return "field '" + e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")) + "' ";
    }

    private static String describe(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        String expected = target == null ? "another type"
                : target == Boolean.class || target == boolean.class ? "a boolean"
                : INTEGRAL.contains(target) ? "a whole number in range (no fraction or exponent)"
                : Number.class.isAssignableFrom(target) || target.isPrimitive() ? "a number in range"
                : target == String.class ? "a string"
                : "a JSON object";
        return "must be " + expected;
    }
}
