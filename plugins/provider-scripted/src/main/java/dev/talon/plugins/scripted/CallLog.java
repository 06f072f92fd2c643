package dev.talon.plugins.scripted;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one line per model call, {@code <round>\t<latest user message>}, so tests can count how often
 * the "LLM" was asked, even across several worker processes sharing the file.
 */
final class CallLog {

    // FileChannel.lock is per JVM: a second thread locking the same file here would get
    // OverlappingFileLockException instead of waiting, so threads queue on this monitor first.
    private static final Object THREADS = new Object();

    private final Path file;

    CallLog(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    void append(int round, String message) throws IOException {
        byte[] line = (round + "\t" + escape(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (THREADS) {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 FileLock ignored = channel.lock()) {
                // the exclusive lock keeps lines of other processes from interleaving with this one
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        }
    }

    /** One message, one line: backslashes, tabs and line breaks become {@code \\ \t \n \r}. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
