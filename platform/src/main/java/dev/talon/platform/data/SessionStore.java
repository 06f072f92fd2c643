package dev.talon.platform.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.Message;
import dev.talon.api.UserMessage;
import dev.talon.api.WorkspaceFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;

/**
 * Conversations as nanobot-compatible JSONL files: line 1 is metadata ({@code _type: metadata}, key,
 * created_at, updated_at, metadata, last_consolidated), then one message per line.
 *
 * <p>Recording is idempotent by turn id (a retried RecordTurn activity finds its turn already there) and
 * serialized per session across threads (a lock) and processes on the same volume (a file lock), and every
 * write replaces the file atomically, so a crash never leaves half a turn.
 */
public final class SessionStore {

    /** The largest session file read back; far above what a history window shows, low enough for any heap. */
    static final long MAX_SESSION_BYTES = 64L * 1024 * 1024;

    private final DataLayout layout;
    private final ObjectMapper json;
    private final SessionLines lines;
    private final Clock clock;
    private final Map<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

    public SessionStore(DataLayout layout, ObjectMapper json, Clock clock) {
        this.layout = layout;
        this.json = json;
        this.lines = new SessionLines(json);
        this.clock = clock;
    }

    /**
     * The last {@code window} stored messages not yet consolidated into memory (from {@code last_consolidated}
     * on), starting at a user message so the LLM never sees a tool result without the call that caused it.
     */
    public List<Message> history(String tenant, String session, int window) {
        List<JsonNode> file = read(tenant, session);
        List<JsonNode> stored = messageLines(file);
        List<Message> all = new ArrayList<>();
        for (JsonNode line : stored.subList(lastConsolidated(file, stored.size()), stored.size())) {
            lines.fromLine(line).ifPresent(all::add);
        }
        int from = Math.max(0, all.size() - window);
        while (from < all.size() && !(all.get(from) instanceof UserMessage)) {
            from++;
        }
        return List.copyOf(all.subList(from, all.size()));
    }

    /** The stored lines of a session, without the metadata line; empty when the session does not exist. */
    public List<JsonNode> messages(String tenant, String session) {
        return messageLines(read(tenant, session));
    }

    /** How many stored messages come after {@code last_consolidated}; 0 when the session does not exist. */
    public int unconsolidated(String tenant, String session) {
        List<JsonNode> file = read(tenant, session);
        int stored = messageLines(file).size();
        return stored - lastConsolidated(file, stored);
    }

    /** The metadata line (a copy), or empty when the session does not exist. */
    public Optional<ObjectNode> metadata(String tenant, String session) {
        List<JsonNode> file = read(tenant, session);
        return isMetadata(file) ? Optional.of(((ObjectNode) file.getFirst()).deepCopy()) : Optional.empty();
    }

    /**
     * Changes the metadata line under the session's locks: {@code change} gets the stored metadata and the number
     * of stored messages, and edits the metadata in place; it returns false to leave the file as it is.
     *
     * @return what {@code change} returned; false too when the session does not exist
     */
    public boolean updateMetadata(String tenant, String session, BiPredicate<ObjectNode, Integer> change) {
        Path file = layout.sessionFile(tenant, session);
        ReentrantLock lock = locks.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lock();
        try (FileChannel lockChannel = openLockFile(file); FileLock ignored = lockChannel.lock()) {
            List<JsonNode> existing = read(tenant, session);
            if (!isMetadata(existing)) {
                return false; // no session, or a file without a metadata line: nothing to keep state in
            }
            ObjectNode metadata = (ObjectNode) existing.getFirst();
            if (!change.test(metadata, messageLines(existing).size())) {
                return false;
            }
            metadata.put("updated_at", Instant.now(clock).toString());
            StringBuilder out = new StringBuilder();
            for (JsonNode line : existing) {
                out.append(json.writeValueAsString(line)).append('\n');
            }
            AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the metadata of " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /** The tenant's stored session ids, sorted, at most {@code max} (the console's list). */
    public List<String> list(String tenant, int max) {
        try {
            return layout.tenantFiles(tenant).list("sessions", max).entries().stream()
                    .filter(entry -> entry.kind() == dev.talon.api.WorkspaceEntry.Kind.FILE)
                    .map(entry -> entry.name()).filter(name -> name.endsWith(".jsonl") && !name.startsWith("."))
                    .map(name -> name.substring(0, name.length() - ".jsonl".length())).sorted().toList();
        } catch (WorkspaceFileException e) {
            if (e.problem() == WorkspaceFileException.Problem.NOT_FOUND) {
                return List.of();
            }
            throw new IllegalStateException("the sessions of tenant " + tenant + " cannot be listed: " + e.getMessage(), e);
        }
    }

    public boolean exists(String tenant, String session) {
        return Files.isRegularFile(layout.sessionFile(tenant, session));
    }

    /**
     * Appends a turn's messages unless that turn is already recorded.
     *
     * @return true when the messages were written, false when the turn was already there
     */
    public boolean record(String tenant, String session, String turnId, List<Message> messages) {
        Path file = layout.sessionFile(tenant, session);
        ReentrantLock lock = locks.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lock();
        try (FileChannel lockChannel = openLockFile(file); FileLock ignored = lockChannel.lock()) {
            List<JsonNode> existing = read(tenant, session);
            for (JsonNode line : messageLines(existing)) {
                if (turnId.equals(line.path("turn_id").asText(null))) {
                    return false;
                }
            }
            String now = Instant.now(clock).toString();
            ObjectNode metadata = existing.isEmpty() ? newMetadata(session, now) : (ObjectNode) existing.getFirst();
            metadata.put("updated_at", now);
            StringBuilder out = new StringBuilder(json.writeValueAsString(metadata)).append('\n');
            for (JsonNode line : messageLines(existing)) {
                out.append(json.writeValueAsString(line)).append('\n');
            }
            for (Message message : messages) {
                out.append(json.writeValueAsString(lines.toLine(message, turnId, now))).append('\n');
            }
            AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record turn " + turnId + " in " + file, e);
        } finally {
            lock.unlock();
        }
    }

    private ObjectNode newMetadata(String session, String now) {
        ObjectNode metadata = json.createObjectNode()
                .put("_type", "metadata").put("key", session).put("created_at", now).put("updated_at", now);
        metadata.putObject("metadata");
        metadata.put("last_consolidated", 0);
        return metadata;
    }

    private static FileChannel openLockFile(Path sessionFile) throws IOException {
        Files.createDirectories(sessionFile.getParent());
        Path lockFile = sessionFile.resolveSibling("." + sessionFile.getFileName() + ".lock");
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    // Through the confined tree like every platform read on the volume: no link followed, no FIFO opened, capped.
    private List<JsonNode> read(String tenant, String session) {
        String name = "sessions/" + session + ".jsonl";
        List<JsonNode> result = new ArrayList<>();
        try {
            Optional<byte[]> content = layout.tenantFiles(tenant).readIfRegularFile(name, MAX_SESSION_BYTES);
            if (content.isEmpty()) {
                return result;
            }
            for (String text : new String(content.get(), StandardCharsets.UTF_8).split("\n")) {
                if (!text.isBlank()) {
                    result.add(json.readTree(text));
                }
            }
        } catch (WorkspaceFileException e) {
            throw new IllegalStateException("session " + session + " of tenant " + tenant + " cannot be read: "
                    + e.getMessage() + (e.problem() == WorkspaceFileException.Problem.TOO_LARGE
                    ? "; continue in a new session" : ""), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session file " + name + " of tenant " + tenant
                    + " has a line that is not JSON: " + e.getOriginalMessage(), e);
        }
        return result;
    }

    /** {@code last_consolidated} of the metadata line, kept within 0..stored (a hand-edited file may say anything). */
    private static int lastConsolidated(List<JsonNode> file, int stored) {
        if (!isMetadata(file)) {
            return 0;
        }
        return Math.clamp(file.getFirst().path("last_consolidated").asLong(0), 0, stored);
    }

    private static boolean isMetadata(List<JsonNode> file) {
        return !file.isEmpty() && file.getFirst().isObject() && "metadata".equals(file.getFirst().path("_type").asText());
    }

    private static List<JsonNode> messageLines(List<JsonNode> all) {
        return all.stream().filter(line -> !"metadata".equals(line.path("_type").asText())).toList();
    }
}
