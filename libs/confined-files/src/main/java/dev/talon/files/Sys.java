package dev.talon.files;

/**
 * Flag and error numbers of the Linux system calls used here. Most are the same on every architecture;
 * {@code O_DIRECTORY} and {@code O_NOFOLLOW} differ between x86-64 and the arm64 generic table.
 */
final class Sys {

    private static final boolean ARM = System.getProperty("os.arch", "").matches("aarch64|arm64");

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int AT_REMOVEDIR = 0x200;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int O_DIRECTORY = ARM ? 040000 : 0200000;
    static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;

    static final int STATX_BASIC_STATS = 0x7ff;

    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;
    static final int S_IFLNK = 0120000;

    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int ENAMETOOLONG = 36;
    static final int ELOOP = 40;

    static final byte DT_DIR = 4;
    static final byte DT_REG = 8;
    static final byte DT_LNK = 10;
    static final byte DT_UNKNOWN = 0;

    private Sys() {
    }
}
