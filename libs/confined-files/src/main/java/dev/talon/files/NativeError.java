package dev.talon.files;

import com.sun.jna.Native;

/** A failed system call and its errno; turned into a message for the LLM by {@link ConfinedTree}. */
final class NativeError extends Exception {

    private final int errno;

    private NativeError(int errno) {
        super("errno " + errno, null, false, false);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }

    /** The result when the call succeeded (not negative), else the error it left in errno. */
    static int check(int result) throws NativeError {
        if (result < 0) {
            throw new NativeError(Native.getLastError());
        }
        return result;
    }

    static long check(long result) throws NativeError {
        if (result < 0) {
            throw new NativeError(Native.getLastError());
        }
        return result;
    }
}
