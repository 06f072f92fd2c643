package dev.talon.platform.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.Message;
import dev.talon.api.WorkspaceFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The messages of a running turn on the workspace volume, one JSON message per line, so that each LLM call
 * needs only a {@link TurnLogRef} in workflow history instead of the whole conversation (history then grows
 * linearly with the number of steps, not quadratically).
 *
 * <p>BuildPrompt writes the prompt; every LlmChat and ExecuteTool appends its own result at the position the
 * workflow expects, first cutting off anything a failed earlier attempt of the same step left behind; so a
 * retried step never leaves a duplicate. Readers check count and digest against the workflow's reference.
 */
public final class TurnLog {

    /** A turn's messages; the activities' own payload limits keep a real one far below this. */
    static final long MAX_LOG_BYTES = 256L * 1024 * 1024;

    private final DataLayout layout;
    private final ObjectMapper json;

    public TurnLog(DataLayout layout, ObjectMapper json) {
        this.layout = layout;
        this.json = json;
    }

    /** Writes the prompt as a new log, replacing any earlier one of the same turn. */
    public TurnLogRef start(String tenant, String turnId, List<Message> prompt) {
        List<String> lines = prompt.stream().map(this::line).toList();
        try {
            AtomicFiles.write(layout.turnLog(tenant, turnId), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the turn log of " + turnId, e);
        }
        return new TurnLogRef(lines.size(), digest(lines));
    }

    /** The messages, if the log matches the reference. */
    public List<Message> read(String tenant, String turnId, TurnLogRef expected) {
        List<String> lines = verifiedLines(tenant, turnId, expected);
        List<Message> messages = new ArrayList<>(lines.size());
        for (String line : lines) {
            try {
                messages.add(json.readValue(line, Message.class));
            } catch (JsonProcessingException e) {
                throw new TurnLogUnavailableException("turn log of " + turnId + " has a broken line: " + e.getOriginalMessage());
            }
        }
        return messages;
    }

    /**
     * Appends the message after the {@code expected.count()} messages the workflow knows of.
     *
     * @return the reference that includes the message
     */
    public TurnLogRef append(String tenant, String turnId, TurnLogRef expected, Message message) {
        Path file = layout.turnLog(tenant, turnId);
        List<String> all = allLines(tenant, turnId);
        List<String> lines = new ArrayList<>(verified(all, expected, turnId));
        String line = line(message);
        try {
            if (all.size() > expected.count()) {
                // a failed attempt of this step appended already: rewrite without its leftovers
                AtomicFiles.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the turn log of " + turnId, e);
        }
        lines.add(line);
        return new TurnLogRef(lines.size(), digest(lines));
    }

    /**
     * A writer for what one LLM call of the turn streams, kept beside the log and removed with it. A retry
     * (attempt above 1) first marks the attempt before it as discarded.
     */
    public TurnStreamWriter streamWriter(String tenant, String turnId, int step, int attempt) {
        TurnStreamWriter writer = new TurnStreamWriter(layout.turnStream(tenant, turnId), step, attempt);
        writer.discardPreviousAttempt();
        return writer;
    }

    /**
     * A writer for the interim messages of one tool call of the turn (the message tool): unlike
     * {@link #streamWriter} it voids nothing on a retry, since the LLM's text of the step is not its to discard.
     */
    public TurnStreamWriter messageWriter(String tenant, String turnId, int step, int attempt) {
        return new TurnStreamWriter(layout.turnStream(tenant, turnId), step, attempt);
    }

    /** Removes the turn's log and stream file; a recorded or failed turn needs them no more. */
    public void discard(String tenant, String turnId) {
        Path dir = layout.turnLog(tenant, turnId).getParent();
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the turn log of " + turnId, e);
        }
    }

    private List<String> verifiedLines(String tenant, String turnId, TurnLogRef expected) {
        return verified(allLines(tenant, turnId), expected, turnId);
    }

    private List<String> allLines(String tenant, String turnId) {
        String name = layout.tenantDir(tenant).relativize(layout.turnLog(tenant, turnId)).toString();
        try {
            byte[] content = layout.tenantFiles(tenant).read(name, MAX_LOG_BYTES);
            return new String(content, StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()).toList();
        } catch (WorkspaceFileException e) {
            throw new TurnLogUnavailableException("turn log of " + turnId
                    + (e.problem() == WorkspaceFileException.Problem.NOT_FOUND ? " is missing" : " cannot be read")
                    + ": " + e.getMessage());
        }
    }

    /** The first {@code expected.count()} lines, after checking they are the ones the workflow saw. */
    private static List<String> verified(List<String> all, TurnLogRef expected, String turnId) {
        if (all.size() < expected.count()) {
            throw new TurnLogUnavailableException("turn log of " + turnId + " has " + all.size()
                    + " messages, the workflow expects " + expected.count());
        }
        List<String> known = all.subList(0, expected.count());
        if (!digest(known).equals(expected.digest())) {
            throw new TurnLogUnavailableException("turn log of " + turnId + " does not match the workflow's digest");
        }
        return known;
    }

    private String line(Message message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a message", e);
        }
    }

    /** SHA-256 chained over the lines: each step's digest covers everything before it. */
    static String digest(List<String> lines) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] chain = new byte[0];
            for (String line : lines) {
                sha.update(chain);
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                chain = sha.digest();
            }
            return HexFormat.of().formatHex(chain);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
