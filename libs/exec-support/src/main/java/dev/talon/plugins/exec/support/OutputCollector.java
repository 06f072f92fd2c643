package dev.talon.plugins.exec.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a command, keeping only its first bytes. It reads to the end even past the
 * limit, so a chatty command never blocks on a full pipe and still meets its timeout.
 */
public final class OutputCollector implements Runnable {

    private final InputStream stream;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    public OutputCollector(InputStream stream, int limit) {
        this.stream = stream;
        this.limit = limit;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[16 * 1024];
        try (stream) {
            for (int read = stream.read(buffer); read != -1; read = stream.read(buffer)) {
                keep(buffer, read);
            }
        } catch (IOException e) {
            // The stream was closed under us: what was read so far is the output.
        }
    }

    private synchronized void keep(byte[] buffer, int length) {
        int room = limit - kept.size();
        int keep = Math.min(room, length);
        kept.write(buffer, 0, keep);
        dropped += length - keep;
    }

    /** The output read so far as UTF-8, with a marker saying how much was dropped past the limit. */
    public synchronized String text() {
        byte[] bytes = kept.toByteArray();
        if (dropped == 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        // The cut may fall inside a character; drop its first bytes rather than show a replacement char.
        int complete = completeUtf8Length(bytes);
        long more = dropped + bytes.length - complete;
        return new String(bytes, 0, complete, StandardCharsets.UTF_8) + "\n... (truncated, " + more + " more bytes)";
    }

    private static int completeUtf8Length(byte[] bytes) {
        int lead = bytes.length - 1;
        // step back over continuation bytes (10xxxxxx) to the byte that starts the last character
        while (lead >= 0 && bytes.length - lead < 4 && (bytes[lead] & 0xC0) == 0x80) {
            lead--;
        }
        if (lead < 0) {
            return bytes.length;
        }
        int first = bytes[lead] & 0xFF;
        int needed = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
        return lead + needed > bytes.length ? lead : bytes.length;
    }
}
