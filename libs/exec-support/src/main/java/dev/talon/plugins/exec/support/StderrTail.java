package dev.talon.plugins.exec.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Drains a program's standard error to the end, keeping only its last bytes: what a program says before it dies is
 * what explains the death, and a chatty program must neither block on a full pipe nor fill memory.
 */
public final class StderrTail implements Runnable {

    private final InputStream stream;
    private final byte[] tail;
    private int kept;

    public StderrTail(InputStream stream, int limit) {
        this.stream = stream;
        this.tail = new byte[limit];
    }

    @Override
    public void run() {
        byte[] buffer = new byte[4096];
        try (stream) {
            for (int read = stream.read(buffer); read != -1; read = stream.read(buffer)) {
                keep(buffer, read);
            }
        } catch (IOException e) {
            // closed under us: what was read is the tail
        }
    }

    private synchronized void keep(byte[] buffer, int length) {
        if (length >= tail.length) {
            System.arraycopy(buffer, length - tail.length, tail, 0, tail.length);
            kept = tail.length;
            return;
        }
        int overflow = Math.max(0, kept + length - tail.length);
        if (overflow > 0) {
            System.arraycopy(tail, overflow, tail, 0, kept - overflow);
            kept -= overflow;
        }
        System.arraycopy(buffer, 0, tail, kept, length);
        kept += length;
    }

    /** The kept bytes as UTF-8 (a character cut at the start shows as a replacement character). */
    public synchronized String text() {
        return new String(Arrays.copyOf(tail, kept), StandardCharsets.UTF_8);
    }
}
