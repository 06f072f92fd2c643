package dev.talon.plugins.exec.agentsandbox;

import java.util.List;
import java.util.Map;

/** Reading the maps and lists client-java hands back for custom objects, without casts all over. */
final class Json {

    private Json() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    static String string(Object value) {
        return value instanceof String text ? text : "";
    }
}
