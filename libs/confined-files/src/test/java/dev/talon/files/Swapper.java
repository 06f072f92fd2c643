package dev.talon.files;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What a hostile sandboxed program does to a path the platform is about to use: exchanges two names with
 * {@code renameat2(RENAME_EXCHANGE)} as fast as it can, on its own thread, until closed.
 */
public final class Swapper implements AutoCloseable {

    interface Rename extends Library {
        Rename C = Native.load("c", Rename.class);

        int renameat2(int oldDirfd, byte[] oldPath, int newDirfd, byte[] newPath, int flags);
    }

    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;

    private final Thread thread;
    private volatile boolean running = true;
    private volatile long swaps;

    private Swapper(Path a, Path b) {
        byte[] first = (a + "\0").getBytes(StandardCharsets.UTF_8);
        byte[] second = (b + "\0").getBytes(StandardCharsets.UTF_8);
        thread = Thread.ofPlatform().daemon().name("swapper").start(() -> {
            while (running) {
                if (Rename.C.renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE) == 0) {
                    swaps++;
                }
            }
        });
    }

    /** Starts exchanging {@code a} and {@code b}; both must exist. */
    public static Swapper exchanging(Path a, Path b) {
        return new Swapper(a, b);
    }

    public long swaps() {
        return swaps;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
