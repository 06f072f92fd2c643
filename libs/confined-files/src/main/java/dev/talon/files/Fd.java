package dev.talon.files;

/** An open file descriptor, closed once. */
record Fd(int number) implements AutoCloseable {

    @Override
    public void close() {
        Libc.C.close(number);
    }
}
