package dev.talon.files;

import dev.talon.api.WorkspaceFileException;
import dev.talon.api.WorkspaceFileException.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A path as the model wrote it, checked and split into names: relative, no NUL, and {@code ..} only where
 * it stays inside. Resolving {@code ..} here, by text, is right because no link is ever followed: a name's
 * parent is always the directory it was reached from.
 */
record RelativePath(String text, List<String> names) {

    /** Linux's NAME_MAX, in bytes. */
    private static final int MAX_NAME_BYTES = 255;

    static RelativePath parse(String text) throws WorkspaceFileException {
        if (text == null || text.isBlank()) {
            throw new WorkspaceFileException(Problem.REFUSED, "Path must not be empty");
        }
        if (text.indexOf('\0') >= 0) {
            throw new WorkspaceFileException(Problem.REFUSED, "Invalid path (it contains a NUL character): "
                    + printable(text));
        }
        if (text.startsWith("/")) {
            throw new WorkspaceFileException(Problem.REFUSED, "Path must be relative to the workspace: " + text);
        }
        List<String> names = new ArrayList<>();
        for (String name : text.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (names.isEmpty()) {
                    throw new WorkspaceFileException(Problem.REFUSED, "Path is outside the workspace: " + text);
                }
                names.removeLast();
                continue;
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new WorkspaceFileException(Problem.REFUSED, "A name in the path is longer than "
                        + MAX_NAME_BYTES + " bytes: " + text);
            }
            names.add(name);
        }
        return new RelativePath(text, List.copyOf(names));
    }

    boolean isRoot() {
        return names.isEmpty();
    }

    List<String> parents() {
        return names.subList(0, names.size() - 1);
    }

    String last() {
        return names.getLast();
    }

    static byte[] bytes(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, terminated, 0, utf8.length);
        return terminated;
    }

    private static String printable(String text) {
        return text.replace("\0", "\\0");
    }
}
