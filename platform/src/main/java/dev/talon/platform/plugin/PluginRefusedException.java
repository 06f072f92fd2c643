package dev.talon.platform.plugin;

/** A plugin change that did not happen, with the reason; nothing of it was left loaded or on disk. */
public final class PluginRefusedException extends RuntimeException {

    /** Why: the admin API answers 400, 413 or 404 accordingly. */
    public enum Kind {
        /** the file is not a plugin PF4J can load in full */
        INVALID,
        /** the file is valid but the plugin failed to load or start */
        FAILED_TO_START,
        /** the upload is larger than allowed */
        TOO_LARGE,
        /** no plugin with that id is installed */
        UNKNOWN
    }

    private final Kind kind;

    public PluginRefusedException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
