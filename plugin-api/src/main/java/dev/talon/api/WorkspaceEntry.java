package dev.talon.api;

/** One name in a workspace directory and what it is (links are reported as links, never followed). */
public record WorkspaceEntry(String name, Kind kind) {

    public enum Kind { MISSING, FILE, DIRECTORY, LINK, OTHER }

    public boolean isDirectory() {
        return kind == Kind.DIRECTORY;
    }
}
