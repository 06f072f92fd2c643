package dev.talon.platform.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Appends what one LLM call (a step's attempt) streams to the turn's stream file, one JSON object per line:
 * {@code text_delta {step, attempt, text}}, {@code delta_discarded {step, attempt}} (a retry voids the attempt
 * before it), {@code stream_truncated {step, attempt}} once the file reached its cap, and the turn's interim
 * messages {@code message {step, attempt, id, text}} (written by the message tool's activity). The file is a live view
 * for SSE only, never read back as the answer; so writing is best effort: a failure stops this writer, the
 * LLM call goes on. Each line goes out in one append, so a line of a concurrent attempt is never torn into.
 */
public final class TurnStreamWriter implements AutoCloseable {

    /** Plenty for the text of every step of a turn; the stream is a view, the answer is in the turn log. */
    public static final long MAX_STREAM_BYTES = 4L * 1024 * 1024;
    /** Room kept beyond the cap for the truncation marker. */
    private static final long MARKER_ROOM = 256;

    private static final System.Logger LOG = System.getLogger(TurnStreamWriter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int step;
    private final int attempt;
    private FileChannel channel;
    private boolean stopped;

    TurnStreamWriter(Path file, int step, int attempt) {
        this.file = file;
        this.step = step;
        this.attempt = attempt;
    }

    /** Marks the previous attempt's partial output of this step as void; a retry calls it before streaming. */
    public void discardPreviousAttempt() {
        if (attempt > 1) {
            append(line("delta_discarded", attempt - 1));
        }
    }

    /** One piece of the answer's text; empty text is not written. */
    public void text(String delta) {
        if (delta != null && !delta.isEmpty()) {
            append(line("text_delta", attempt).put("text", delta));
        }
    }

    /**
     * An interim message of the turn (the platform's {@code message} tool) under the call's id: written once, a
     * retried call finds its line already there. The reader drops repeats of an id too (two attempts at once).
     */
    public void message(String id, String text) {
        if (!alreadyHas(id)) {
            append(line("message", attempt).put("id", id).put("text", text));
        }
    }

    private boolean alreadyHas(String messageId) {
        try (FileChannel in = FileChannel.open(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(in.size(), MAX_STREAM_BYTES + MARKER_ROOM));
            while (all.hasRemaining() && in.read(all) > 0) {
                // read up to the cap
            }
            for (String written : new String(all.array(), 0, all.position(), StandardCharsets.UTF_8).split("\n")) {
                if (written.contains("\"message\"")) {
                    JsonNode node = JSON.readTree(written);
                    if ("message".equals(node.path("type").asText()) && messageId.equals(node.path("id").asText())) {
                        return true;
                    }
                }
            }
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: write it; the reader still drops a repeat
        }
    }

    private ObjectNode line(String type, int ofAttempt) {
        return JSON.createObjectNode().put("type", type).put("step", step).put("attempt", ofAttempt);
    }

    private void append(ObjectNode event) {
        if (stopped) {
            return;
        }
        try {
            // Jackson escapes control characters: a delta's newlines cannot end its line early
            byte[] bytes = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
            FileChannel out = channel();
            if (out.size() + bytes.length > MAX_STREAM_BYTES) {
                stopped = true;
                byte[] marker = (JSON.writeValueAsString(line("stream_truncated", attempt)) + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                if (out.size() + marker.length <= MAX_STREAM_BYTES + MARKER_ROOM) {
                    write(out, marker);
                }
                return;
            }
            write(out, bytes);
        } catch (IOException | RuntimeException e) {
            stopped = true;
            LOG.log(System.Logger.Level.WARNING, "turn stream " + file + " not written any more: " + e);
        }
    }

    private static void write(FileChannel out, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS));
        }
        return channel;
    }

    @Override
    public void close() {
        stopped = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was lost: every line was written whole before
            }
        }
    }
}
