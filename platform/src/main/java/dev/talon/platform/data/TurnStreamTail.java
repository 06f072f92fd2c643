package dev.talon.platform.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a turn's stream file (see {@link TurnStreamWriter}) from where it last stopped: each poll returns
 * the whole lines written since, rebuilt from their known fields only, so a line the stream must not carry
 * (not JSON, an unknown type, a wrong field) is dropped rather than passed on. A missing file is not an error:
 * the turn may not have streamed yet, or its log was already discarded. Not thread-safe: one per stream.
 */
public final class TurnStreamTail implements AutoCloseable {

    /** Read per poll at most; the rest waits for the next one. */
    static final int MAX_READ_BYTES = 256 * 1024;
    /** A longer line (a writer cannot produce one) is skipped. */
    static final int MAX_LINE_BYTES = (int) TurnStreamWriter.MAX_STREAM_BYTES;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private FileChannel channel;
    private long position;
    private boolean skippingLongLine;
    private boolean skipExisting;
    private final Set<String> messageIds = new HashSet<>();

    TurnStreamTail(Path file) {
        this.file = file;
    }

    /** Follows the stream file of a tenant's turn. */
    public static TurnStreamTail of(DataLayout layout, String tenant, String turnId) {
        return new TurnStreamTail(layout.turnStream(tenant, turnId));
    }

    /** What the file holds now is not sent (a client resuming saw it, or missed it for good); only what follows. */
    public TurnStreamTail fromEnd() {
        skipExisting = true;
        try {
            channel(); // now: what is written from here on is new to the client
        } catch (IOException e) {
            close();
        }
        return this;
    }

    /** The events appended since the last poll, oldest first; empty when there are none (yet). */
    public List<ObjectNode> poll() {
        List<ObjectNode> events = new ArrayList<>();
        try {
            FileChannel in = channel();
            if (in == null) {
                return events;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_READ_BYTES, Math.max(0, in.size() - position)));
            while (buffer.hasRemaining()) {
                int read = in.read(buffer, position);
                if (read <= 0) {
                    break;
                }
                position += read;
            }
            split(buffer.array(), buffer.position(), events);
        } catch (IOException e) {
            close(); // gone or unreadable: nothing more to show
        }
        return events;
    }

    private void split(byte[] bytes, int length, List<ObjectNode> events) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (!skippingLongLine) {
                partial.write(bytes, start, i - start);
                parse(partial.toByteArray()).filter(this::firstTime).ifPresent(events::add);
            }
            partial.reset();
            skippingLongLine = false;
            start = i + 1;
        }
        if (!skippingLongLine) {
            partial.write(bytes, start, length - start);
            if (partial.size() > MAX_LINE_BYTES) {
                partial.reset();
                skippingLongLine = true;
            }
        }
    }

    /** An interim message is passed on once per id, even if two attempts of its call both wrote it. */
    private boolean firstTime(ObjectNode event) {
        return !event.path("type").asText().equals("message") || messageIds.add(event.path("id").asText());
    }

    private static Optional<ObjectNode> parse(byte[] line) {
        JsonNode node;
        try {
            node = JSON.readTree(new String(line, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || !node.path("step").canConvertToInt() || !node.path("step").isIntegralNumber()
                || !node.path("attempt").isIntegralNumber() || !node.path("attempt").canConvertToInt()) {
            return Optional.empty();
        }
        String type = node.path("type").asText("");
        ObjectNode event = JSON.createObjectNode().put("type", type)
                .put("step", node.path("step").asInt()).put("attempt", node.path("attempt").asInt());
        switch (type) {
            case "text_delta" -> {
                if (!node.path("text").isTextual()) {
                    return Optional.empty();
                }
                event.put("text", node.path("text").asText());
            }
            case "delta_discarded", "stream_truncated" -> {
            }
            case "message" -> {
                if (!node.path("id").isTextual() || !node.path("text").isTextual()) {
                    return Optional.empty();
                }
                event.put("id", node.path("id").asText()).put("text", node.path("text").asText());
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(event);
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!attributes.isRegularFile()) {
                    return null; // a link or a special file is nothing this platform wrote
                }
                channel = FileChannel.open(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                skipExisting = false; // what appears from now on is new
                return null;
            }
            if (skipExisting) {
                position = channel.size();
                skipExisting = false;
                // writers append whole lines, so the end is a line's start
            }
        }
        return channel;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // read-only: nothing to lose
            }
            channel = null;
        }
    }
}
