package dev.talon.api;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalInt;

/**
 * A program an {@link ExecBackend} started for {@link ExecBackend#startInteractive}: write to its standard input,
 * read its standard output. Its standard error is drained by the backend (so the program never blocks on it) and
 * only its last few kilobytes are kept, for error messages. {@link #close()} kills the program and everything it
 * started; so does the end of its lifetime.
 */
public interface InteractiveProcess extends AutoCloseable {

    /** The program's standard input. */
    OutputStream stdin();

    /** The program's standard output; ends when the program (and all that holds the pipe) is gone. */
    InputStream stdout();

    /** The end of what the program wrote to standard error so far (at most a few KiB), as text. */
    String stderrTail();

    boolean isAlive();

    /** The exit status once the program ended; empty while it runs. */
    OptionalInt exitCode();

    /** Kills the program and everything it started, and waits (briefly) until it is gone. Idempotent. */
    void destroy();

    @Override
    default void close() {
        destroy();
    }
}
