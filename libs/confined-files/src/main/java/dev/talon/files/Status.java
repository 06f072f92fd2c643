package dev.talon.files;

import com.sun.jna.Memory;
import dev.talon.api.WorkspaceEntry;

/** What {@code statx} says of one file: its type and permission bits, owner and size. */
record Status(int mode, int uid, int gid, long size) {

    private static final int STATX_SIZE = 256;

    /** Of an open descriptor. */
    static Status of(Fd fd) throws NativeError {
        return at(fd.number(), new byte[] {0}, Sys.AT_EMPTY_PATH);
    }

    /** Of a name in a directory, the name itself when it is a link. */
    static Status at(Fd directory, byte[] name) throws NativeError {
        return at(directory.number(), name, Sys.AT_SYMLINK_NOFOLLOW);
    }

    private static Status at(int dirfd, byte[] name, int flags) throws NativeError {
        try (Memory buffer = new Memory(STATX_SIZE)) {
            buffer.clear();
            NativeError.check(Libc.C.statx(dirfd, name, flags, Sys.STATX_BASIC_STATS, buffer));
            // struct statx: stx_uid at 20, stx_gid at 24, stx_mode (u16) at 28, stx_size at 40
            return new Status(buffer.getShort(28) & 0xffff, buffer.getInt(20), buffer.getInt(24), buffer.getLong(40));
        }
    }

    boolean isRegularFile() {
        return (mode & Sys.S_IFMT) == Sys.S_IFREG;
    }

    boolean isDirectory() {
        return (mode & Sys.S_IFMT) == Sys.S_IFDIR;
    }

    WorkspaceEntry.Kind kind() {
        return switch (mode & Sys.S_IFMT) {
            case Sys.S_IFREG -> WorkspaceEntry.Kind.FILE;
            case Sys.S_IFDIR -> WorkspaceEntry.Kind.DIRECTORY;
            case Sys.S_IFLNK -> WorkspaceEntry.Kind.LINK;
            default -> WorkspaceEntry.Kind.OTHER;
        };
    }

    /** The permission bits without set-user-id, set-group-id and sticky: never copied onto a new file. */
    int permissions() {
        return mode & 0777;
    }
}
