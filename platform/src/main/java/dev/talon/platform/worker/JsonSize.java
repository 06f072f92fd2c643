package dev.talon.platform.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;

/**
 * Measures a JSON tree without recursion, so that a hostile tree (thousands of levels deep, millions of members) is
 * refused before anything that recurses — a schema validator, a serializer — touches it.
 *
 * @param maxDepth levels of arrays and objects allowed (the top object is level 1)
 * @param maxNodes values allowed in all, containers included
 * @param maxChars characters of text and member names allowed in all
 */
record JsonSize(int maxDepth, int maxNodes, long maxChars) {

    /** Why the tree is too big, or null when it fits. Stops at the first limit passed, never walks the rest. */
    String problem(JsonNode root) {
        if (root == null) {
            return null;
        }
        ArrayDeque<Level> stack = new ArrayDeque<>();
        long nodes = 1;
        long chars = root.isTextual() ? root.textValue().length() : 0;
        if (root.isContainerNode()) {
            stack.push(Level.of(root));
        }
        while (!stack.isEmpty()) {
            Level level = stack.peek();
            JsonNode child;
            if (level.members.hasNext()) {
                Map.Entry<String, JsonNode> member = level.members.next();
                chars += member.getKey().length();
                child = member.getValue();
            } else if (level.elements.hasNext()) {
                child = level.elements.next();
            } else {
                stack.pop();
                continue;
            }
            if (++nodes > maxNodes) {
                return "they hold more than " + maxNodes + " values";
            }
            if (child.isTextual()) {
                chars += child.textValue().length();
            }
            if (chars > maxChars) {
                return "they are longer than " + maxChars + " characters";
            }
            if (child.isContainerNode()) {
                if (stack.size() + 1 > maxDepth) {
                    return "they are nested deeper than " + maxDepth + " levels";
                }
                stack.push(Level.of(child));
            }
        }
        return null;
    }

    /** Where the walk is in one container: an object's members, or an array's elements. */
    private record Level(Iterator<Map.Entry<String, JsonNode>> members, Iterator<JsonNode> elements) {
        static Level of(JsonNode container) {
            return container.isObject()
                    ? new Level(container.fields(), Collections.emptyIterator())
                    : new Level(Collections.emptyIterator(), container.elements());
        }
    }
}
