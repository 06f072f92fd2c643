package dev.talon.files;

import com.sun.jna.Memory;
import dev.talon.api.WorkspaceEntry;
import dev.talon.api.WorkspaceFileException;
import dev.talon.api.WorkspaceFileException.Problem;
import dev.talon.api.WorkspaceFiles;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A directory tree the platform reaches without trusting it: every path is walked one name at a time with
 * {@code openat(O_PATH | O_NOFOLLOW)} relative to the directory just opened, so a link anywhere is refused and
 * a name swapped by the tenant's programs meanwhile (rename, {@code RENAME_EXCHANGE}) can only lead to another
 * inode inside the tree. A file is checked on the descriptor itself ({@code statx}) and only a regular file is
 * then opened for reading, through {@code /proc/self/fd}: a FIFO or device is never opened, so it can neither
 * block nor act. Writes go to a fresh {@code O_EXCL} file in the held directory, renamed over the name.
 *
 * <p>When the platform runs as root, what it creates belongs to the owner of the tree's root, so a sandbox
 * running as that user can change it and nothing in the tree is root's.
 */
public final class ConfinedTree implements WorkspaceFiles {

    private static final int CHUNK = 64 * 1024;
    private static final int NEW_FILE_MODE = 0644;
    private static final int NEW_DIRECTORY_MODE = 0755;
    private static final boolean ROOT = Libc.C.geteuid() == 0;

    private final Path root;

    private ConfinedTree(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The tree under {@code root}, a directory only the platform can replace (its parents are the platform's). */
    public static ConfinedTree at(Path root) {
        return new ConfinedTree(root);
    }

    public Path root() {
        return root;
    }

    @Override
    public byte[] read(String path, long maxBytes) throws WorkspaceFileException {
        RelativePath file = RelativePath.parse(path);
        if (file.isRoot()) {
            throw new WorkspaceFileException(Problem.NOT_A_FILE, "Is a directory: " + path);
        }
        try (Tree tree = open(); Fd directory = tree.directory(file.parents(), file, false);
             Fd content = openRegularFile(directory, file)) {
            return readAll(content, file, maxBytes);
        }
    }

    /** Like {@link #read}, but nothing at the path (or a link, FIFO or directory there) reads as empty. */
    public Optional<byte[]> readIfRegularFile(String path, long maxBytes) throws WorkspaceFileException {
        try {
            return Optional.of(read(path, maxBytes));
        } catch (WorkspaceFileException e) {
            if (e.problem() == Problem.NOT_FOUND || e.problem() == Problem.NOT_A_FILE
                    || e.problem() == Problem.REFUSED) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void write(String path, byte[] content) throws WorkspaceFileException {
        RelativePath file = RelativePath.parse(path);
        if (file.isRoot()) {
            throw new WorkspaceFileException(Problem.NOT_A_FILE, "Is a directory: " + path);
        }
        try (Tree tree = open(); Fd directory = tree.directory(file.parents(), file, true)) {
            byte[] name = RelativePath.bytes(file.last());
            int mode = NEW_FILE_MODE;
            try {
                Status existing = Status.at(directory, name);
                if (existing.isDirectory()) {
                    throw new WorkspaceFileException(Problem.NOT_A_FILE, "Is a directory: " + path);
                }
                if (existing.isRegularFile()) {
                    mode = existing.permissions();
                }
            } catch (NativeError e) {
                if (e.errno() != Sys.ENOENT) {
                    throw failure(e, file, "write");
                }
            }
            replace(tree, directory, name, file, content, mode);
        }
    }

    @Override
    public DirectoryListing list(String path, int maxEntries) throws WorkspaceFileException {
        RelativePath directoryPath = RelativePath.parse(path);
        try (Tree tree = open(); Fd directory = tree.directory(directoryPath.names(), directoryPath, false)) {
            return listing(directory, directoryPath, maxEntries);
        }
    }

    @Override
    public WorkspaceEntry.Kind kind(String path) throws WorkspaceFileException {
        RelativePath file = RelativePath.parse(path);
        if (file.isRoot()) {
            return WorkspaceEntry.Kind.DIRECTORY;
        }
        try (Tree tree = open(); Fd directory = tree.directory(file.parents(), file, false)) {
            return Status.at(directory, RelativePath.bytes(file.last())).kind();
        } catch (WorkspaceFileException e) {
            if (e.problem() == Problem.NOT_FOUND) {
                return WorkspaceEntry.Kind.MISSING;
            }
            throw e;
        } catch (NativeError e) {
            if (e.errno() == Sys.ENOENT) {
                return WorkspaceEntry.Kind.MISSING;
            }
            throw failure(e, file, "look at");
        }
    }

    /**
     * Removes everything under the root (the root stays), never following a link: a directory swapped for a
     * link while this runs is unlinked as a link. For purging a tenant while its programs may still run.
     */
    public void deleteContents() throws WorkspaceFileException {
        try (Tree tree = open()) {
            TreeRemoval.removeChildren(tree.rootFd(), 0);
        } catch (NativeError e) {
            throw new WorkspaceFileException(Problem.FAILED, "Cannot delete the tree: " + Errno.describe(e.errno()));
        }
    }

    private Tree open() throws WorkspaceFileException {
        try {
            Fd rootFd = new Fd(NativeError.check(Libc.C.openat(Sys.AT_FDCWD, RelativePath.bytes(root.toString()),
                    Sys.O_PATH | Sys.O_DIRECTORY | Sys.O_CLOEXEC, 0)));
            try {
                Status status = Status.of(rootFd);
                boolean chown = ROOT && (status.uid() != 0 || status.gid() != 0);
                return new Tree(rootFd, chown, status.uid(), status.gid());
            } catch (NativeError e) {
                rootFd.close();
                throw e;
            }
        } catch (NativeError e) {
            // no tree yet (a tenant that never ran a turn): nothing is in it
            throw new WorkspaceFileException(e.errno() == Sys.ENOENT ? Problem.NOT_FOUND : Problem.FAILED,
                    "The workspace is not available (" + Errno.describe(e.errno()) + ")");
        }
    }

    /** The root held open, and whose files new ones become. */
    private record Tree(Fd rootFd, boolean chown, int uid, int gid) implements AutoCloseable {

        /** The directory at {@code names}, each opened without following a link; missing ones made if asked. */
        Fd directory(List<String> names, RelativePath path, boolean create) throws WorkspaceFileException {
            Fd current = new Fd(reopenPath(rootFd));
            try {
                for (String name : names) {
                    Fd next = child(current, name, path, create);
                    current.close();
                    current = next;
                }
                return current;
            } catch (WorkspaceFileException | RuntimeException e) {
                current.close();
                throw e;
            }
        }

        private Fd child(Fd parent, String name, RelativePath path, boolean create) throws WorkspaceFileException {
            byte[] bytes = RelativePath.bytes(name);
            try {
                return Directories.open(parent, bytes);
            } catch (NativeError e) {
                if (e.errno() != Sys.ENOENT || !create) {
                    throw directoryFailure(e, parent, bytes, path);
                }
            }
            try {
                try {
                    NativeError.check(Libc.C.mkdirat(parent.number(), bytes, NEW_DIRECTORY_MODE));
                    if (chown) {
                        // on the name, not following: a link swapped in meanwhile gets the owner, not its target
                        NativeError.check(Libc.C.fchownat(parent.number(), bytes, uid, gid, Sys.AT_SYMLINK_NOFOLLOW));
                    }
                } catch (NativeError e) {
                    if (e.errno() != Sys.EEXIST) {
                        throw e;
                    }
                }
                return Directories.open(parent, bytes);
            } catch (NativeError e) {
                throw directoryFailure(e, parent, bytes, path);
            }
        }

        void own(Fd file) throws NativeError {
            if (chown) {
                NativeError.check(Libc.C.fchown(file.number(), uid, gid));
            }
        }

        @Override
        public void close() {
            rootFd.close();
        }
    }

    private static int reopenPath(Fd fd) throws WorkspaceFileException {
        try {
            return NativeError.check(Libc.C.openat(fd.number(), new byte[] {'.', 0},
                    Sys.O_PATH | Sys.O_DIRECTORY | Sys.O_CLOEXEC, 0));
        } catch (NativeError e) {
            throw new WorkspaceFileException(Problem.FAILED, "The workspace is not available ("
                    + Errno.describe(e.errno()) + ")");
        }
    }

    // O_PATH opens nothing for I/O (a FIFO does not block, a device does not act), and O_NOFOLLOW with O_PATH
    // gives the link itself, so statx on the descriptor decides; only then is the same inode opened for reading.
    private static Fd openRegularFile(Fd directory, RelativePath file) throws WorkspaceFileException {
        try (Fd handle = new Fd(NativeError.check(Libc.C.openat(directory.number(), RelativePath.bytes(file.last()),
                Sys.O_PATH | Sys.O_NOFOLLOW | Sys.O_CLOEXEC, 0)))) {
            Status status = Status.of(handle);
            switch (status.kind()) {
                case FILE -> { }
                case DIRECTORY -> throw new WorkspaceFileException(Problem.NOT_A_FILE, "Is a directory: " + file.text());
                case LINK -> throw linkRefused(file);
                case MISSING, OTHER -> throw new WorkspaceFileException(Problem.NOT_A_FILE,
                        "Not a regular file (a FIFO, socket or device): " + file.text());
            }
            return new Fd(NativeError.check(Libc.C.openat(Sys.AT_FDCWD,
                    RelativePath.bytes("/proc/self/fd/" + handle.number()),
                    Sys.O_RDONLY | Sys.O_NOCTTY | Sys.O_NONBLOCK | Sys.O_CLOEXEC, 0)));
        } catch (NativeError e) {
            throw failure(e, file, "read");
        }
    }

    private static byte[] readAll(Fd file, RelativePath path, long maxBytes) throws WorkspaceFileException {
        try (Memory chunk = new Memory(CHUNK)) {
            long size = Status.of(file).size();
            if (size > maxBytes) {
                throw tooLarge(path, size, maxBytes);
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream((int) Math.min(size, maxBytes));
            byte[] bytes = new byte[CHUNK];
            while (true) {
                long want = Math.min(CHUNK, maxBytes + 1 - content.size());
                int got = (int) NativeError.check(Libc.C.read(file.number(), chunk, Math.max(want, 1)));
                if (got == 0) {
                    return content.toByteArray();
                }
                chunk.read(0, bytes, 0, got);
                content.write(bytes, 0, got);
                if (content.size() > maxBytes) {
                    throw tooLarge(path, content.size(), maxBytes);  // it grew while being read
                }
            }
        } catch (NativeError e) {
            throw failure(e, path, "read");
        }
    }

    private static void replace(Tree tree, Fd directory, byte[] name, RelativePath path, byte[] content, int mode)
            throws WorkspaceFileException {
        byte[] temp = RelativePath.bytes(temporaryName(path.last()));
        try {
            Fd out = new Fd(NativeError.check(Libc.C.openat(directory.number(), temp,
                    Sys.O_WRONLY | Sys.O_CREAT | Sys.O_EXCL | Sys.O_NOFOLLOW | Sys.O_CLOEXEC, 0600)));
            try (out; Memory chunk = new Memory(CHUNK)) {
                for (int offset = 0; offset < content.length; ) {
                    int length = Math.min(CHUNK, content.length - offset);
                    chunk.write(0, content, offset, length);
                    for (int written = 0; written < length; ) {
                        written += (int) NativeError.check(Libc.C.write(out.number(), chunk.share(written),
                                length - written));
                    }
                    offset += length;
                }
                NativeError.check(Libc.C.fchmod(out.number(), mode));
                tree.own(out);
            }
            NativeError.check(Libc.C.renameat(directory.number(), temp, directory.number(), name));
        } catch (NativeError e) {
            Libc.C.unlinkat(directory.number(), temp, 0);
            throw failure(e, path, "write");
        }
    }

    private static DirectoryListing listing(Fd directory, RelativePath path, int maxEntries)
            throws WorkspaceFileException {
        Comparator<WorkspaceEntry> byName = Comparator.comparing(WorkspaceEntry::name);
        PriorityQueue<WorkspaceEntry> last = new PriorityQueue<>(byName.reversed());
        long[] total = {0};
        try {
            Directories.forEachEntry(directory, (name, type) -> {
                total[0]++;
                if (maxEntries <= 0) {
                    return;
                }
                WorkspaceEntry candidate = new WorkspaceEntry(name, kindOf(type, directory, name));
                if (last.size() < maxEntries) {
                    last.add(candidate);
                } else if (byName.compare(candidate, last.peek()) < 0) {
                    last.poll();
                    last.add(candidate);
                }
            });
        } catch (NativeError e) {
            throw failure(e, path, "list");
        }
        List<WorkspaceEntry> entries = new ArrayList<>(last);
        entries.sort(byName);
        return new DirectoryListing(entries, total[0]);
    }

    private static WorkspaceEntry.Kind kindOf(byte type, Fd directory, String name) {
        return switch (type) {
            case Sys.DT_DIR -> WorkspaceEntry.Kind.DIRECTORY;
            case Sys.DT_REG -> WorkspaceEntry.Kind.FILE;
            case Sys.DT_LNK -> WorkspaceEntry.Kind.LINK;
            case Sys.DT_UNKNOWN -> {
                try {
                    yield Status.at(directory, RelativePath.bytes(name)).kind();
                } catch (NativeError e) {
                    yield WorkspaceEntry.Kind.MISSING;
                }
            }
            default -> WorkspaceEntry.Kind.OTHER;
        };
    }

    private static String temporaryName(String name) {
        String stem = name.length() > 100 ? name.substring(0, 100) : name;
        return "." + stem + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
    }

    private static WorkspaceFileException directoryFailure(NativeError e, Fd parent, byte[] name, RelativePath path) {
        if (e.errno() == Sys.ENOTDIR || e.errno() == Sys.ELOOP) {
            try {
                if (Status.at(parent, name).kind() == WorkspaceEntry.Kind.LINK) {
                    return linkRefused(path);
                }
            } catch (NativeError ignored) {
                // gone meanwhile: say what we saw
            }
            return new WorkspaceFileException(Problem.NOT_A_DIRECTORY, "Not a directory on the way to " + path.text());
        }
        if (e.errno() == Sys.ENOENT) {
            return new WorkspaceFileException(Problem.NOT_FOUND, "Not found: " + path.text());
        }
        return failure(e, path, "reach");
    }

    private static WorkspaceFileException failure(NativeError e, RelativePath path, String action) {
        return switch (e.errno()) {
            case Sys.ENOENT -> new WorkspaceFileException(Problem.NOT_FOUND, "Not found: " + path.text());
            case Sys.ELOOP -> linkRefused(path);
            case Sys.EISDIR -> new WorkspaceFileException(Problem.NOT_A_FILE, "Is a directory: " + path.text());
            case Sys.ENOTDIR -> new WorkspaceFileException(Problem.NOT_A_DIRECTORY,
                    "Not a directory on the way to " + path.text());
            case Sys.ENAMETOOLONG -> new WorkspaceFileException(Problem.REFUSED, "Path too long: " + path.text());
            default -> new WorkspaceFileException(Problem.FAILED, "Cannot " + action + " " + path.text() + ": "
                    + Errno.describe(e.errno()));
        };
    }

    private static WorkspaceFileException linkRefused(RelativePath path) {
        return new WorkspaceFileException(Problem.REFUSED, "Refused: " + path.text()
                + " is or goes through a symbolic link, and links in the workspace are not followed");
    }

    private static WorkspaceFileException tooLarge(RelativePath path, long size, long maxBytes) {
        return new WorkspaceFileException(Problem.TOO_LARGE, "File too large: " + path.text() + " is " + size
                + " bytes, the limit is " + maxBytes + " bytes");
    }
}
