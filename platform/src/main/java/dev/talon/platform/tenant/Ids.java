package dev.talon.platform.tenant;

import java.util.regex.Pattern;

/**
 * The shape of every id that becomes part of a file name or a workflow id: tenant, session, turn.
 * Letters, digits, dot, dash and underscore; no leading dot, so {@code ..} and hidden files are impossible.
 */
public final class Ids {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }
}
