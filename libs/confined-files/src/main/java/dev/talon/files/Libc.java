package dev.talon.files;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The Linux C library calls the JDK does not offer: the {@code *at} family, which resolves a name relative to
 * a directory already held open, so nothing a tenant renames or links meanwhile changes what is reached.
 * Paths are passed as NUL-terminated UTF-8 bytes (JNA's String encoding follows the locale). 64-bit only:
 * {@code size_t} and {@code ssize_t} are Java longs.
 */
interface Libc extends Library {

    Libc C = Native.load("c", Libc.class);

    int openat(int dirfd, byte[] path, int flags, int mode);

    int close(int fd);

    long read(int fd, Pointer buffer, long count);

    long write(int fd, Pointer buffer, long count);

    int mkdirat(int dirfd, byte[] path, int mode);

    int renameat(int oldDirfd, byte[] oldPath, int newDirfd, byte[] newPath);

    int unlinkat(int dirfd, byte[] path, int flags);

    int fchown(int fd, int owner, int group);

    int fchownat(int dirfd, byte[] path, int owner, int group, int flags);

    int fchmod(int fd, int mode);

    int statx(int dirfd, byte[] path, int flags, int mask, Pointer statxBuffer);

    Pointer fdopendir(int fd);

    Pointer readdir(Pointer dir);

    int closedir(Pointer dir);

    int geteuid();
}
