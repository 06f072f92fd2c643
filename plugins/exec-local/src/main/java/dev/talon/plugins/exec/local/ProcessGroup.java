package dev.talon.plugins.exec.local;

import dev.talon.plugins.exec.support.Uninterruptibly;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.concurrent.TimeUnit;

/**
 * Kills a whole process group. Java can signal one process but not a group, and a command's background
 * jobs are not reliably its descendants (they are re-parented when the shell dies), so this goes through the
 * shell's {@code kill} with a negative id, which signals every member at once.
 */
final class ProcessGroup {

    // kill returns at once; this only bounds a machine so loaded that it cannot start a process.
    private static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private ProcessGroup() {
    }

    /** Sends SIGKILL to every process in the group; an empty or missing group is not an error. */
    static void kill(long groupId) {
        try {
            // "-s KILL": dash's kill rejects "-KILL -- -PGID" as an illegal number
            Process kill = new ProcessBuilder("sh", "-c", "kill -s KILL -- -" + groupId)
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.DISCARD)
                    .start();
            if (!Uninterruptibly.waitFor(kill, System.nanoTime() + KILL_WAIT_NANOS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // Nothing better to do here; the caller also kills the group leader directly.
        }
    }
}
