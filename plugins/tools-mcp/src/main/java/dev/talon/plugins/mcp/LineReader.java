package dev.talon.plugins.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads UTF-8 lines ending in {@code \n} (a {@code \r} before it dropped), refusing lines over a size. */
final class LineReader {

    /** A line went past the limit: the stream is not one to keep reading. */
    static final class LineTooLong extends IOException {
        LineTooLong() {
            super("line too long");
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at the end of the stream (a last line without {@code \n} is still a line). */
    String next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.size() == 0 ? null : text(line);
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.write(buffer, start, position - start);
            if (line.size() > maxBytes) {
                throw new LineTooLong();
            }
            if (position < limit) {
                position++; // the '\n'
                return text(line);
            }
        }
    }

    private static String text(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
