package dev.talon.platform.codec;

import dev.talon.platform.tenant.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keys in files, one per tenant: {@code <dir>/<tenant>.keys}, a line {@code <version> <base64 key>} per key, mode
 * 0600 in a 0700 directory. Processes sharing the directory (REST server and workers) change it under a file lock
 * and replace files atomically, so a reader sees a whole ring; destroying a tenant's keys deletes its file.
 */
public record FileKeySource(Path dir) implements KeySource {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** A file lock is held per process, not per thread: threads take turns first. */
    private static final Object THREADS = new Object();

    @Override
    public Optional<KeyRing> read(String tenant) {
        Path file = file(tenant);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history keys of tenant " + tenant + " (" + file + "): "
                    + e.getClass().getSimpleName(), e);
        }
        List<HistoryKey> keys = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            keys.add(parse(tenant, line, file));
        }
        return keys.isEmpty() ? Optional.empty() : Optional.of(new KeyRing(tenant, keys));
    }

    @Override
    public KeyRing readOrCreate(String tenant) {
        return read(tenant).orElseGet(() -> locked(() -> read(tenant).orElseGet(() -> write(tenant, List.of(), 1))));
    }

    @Override
    public KeyRing rotate(String tenant) {
        return locked(() -> {
            List<HistoryKey> keys = read(tenant).map(KeyRing::keys).orElse(List.of());
            int next = keys.isEmpty() ? 1 : keys.getLast().version() + 1;
            return write(tenant, keys, next);
        });
    }

    @Override
    public boolean destroy(String tenant) {
        return locked(() -> {
            try {
                Files.deleteIfExists(file(tenant));
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the history keys of tenant " + tenant + " ("
                        + file(tenant) + "): " + e.getClass().getSimpleName(), e);
            }
        });
    }

    @Override
    public String describe(String tenant) {
        return "the key file " + file(tenant);
    }

    private Path file(String tenant) {
        if (!Ids.isValid(tenant)) {
            throw new IllegalArgumentException("not a tenant id");
        }
        return dir.resolve(tenant + ".keys");
    }

    private static HistoryKey parse(String tenant, String line, Path file) {
        String[] parts = line.strip().split("\\s+");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("two fields expected");
            }
            byte[] material = Base64.getDecoder().decode(parts[1]);
            if (material.length != HistoryKey.KEY_BYTES) {
                throw new IllegalArgumentException(HistoryKey.KEY_BYTES + " bytes expected");
            }
            return HistoryKey.of(tenant, Integer.parseInt(parts[0]), material);
        } catch (IllegalArgumentException e) { // the message never quotes the line: it holds a key
            throw new IllegalStateException("a line of " + file + " is not '<version> <base64 of "
                    + HistoryKey.KEY_BYTES + " bytes>'");
        }
    }

    private KeyRing write(String tenant, List<HistoryKey> keys, int version) {
        byte[] material = new byte[HistoryKey.KEY_BYTES];
        RANDOM.nextBytes(material);
        List<HistoryKey> all = new ArrayList<>(keys);
        all.add(HistoryKey.of(tenant, version, material));
        StringBuilder text = new StringBuilder();
        for (HistoryKey key : all) {
            text.append(key.version()).append(' ')
                    .append(Base64.getEncoder().encodeToString(key.key().getEncoded())).append('\n');
        }
        Path file = file(tenant);
        try {
            Path temp = Files.createTempFile(dir, "." + tenant, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temp, text, StandardCharsets.US_ASCII);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history keys of tenant " + tenant + " (" + file + "): "
                    + e.getClass().getSimpleName(), e);
        }
        return new KeyRing(tenant, all);
    }

    private <T> T locked(Supplier<T> change) {
        synchronized (THREADS) {
            return lockedFile(change);
        }
    }

    private <T> T lockedFile(Supplier<T> change) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                 FileLock lock = channel.lock()) {
                return change.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the history key directory " + dir + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
