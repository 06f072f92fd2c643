package dev.talon.api;

/**
 * What a command did.
 *
 * @param stdout   standard output (backends may cap it)
 * @param stderr   standard error (backends may cap it)
 * @param exitCode the exit status; -1 when the command was killed
 * @param timedOut true when the command ran out of time and was killed
 */
public record ExecResult(String stdout, String stderr, int exitCode, boolean timedOut) {
    public ExecResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}
