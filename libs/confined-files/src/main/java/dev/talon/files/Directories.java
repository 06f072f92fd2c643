package dev.talon.files;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/** Opening a directory by one name without following a link, and reading its names. */
final class Directories {

    // struct dirent on 64-bit Linux: d_ino, d_off, d_reclen, then d_type at 18 and d_name at 19
    private static final int DIRENT_TYPE = 18;
    private static final int DIRENT_NAME = 19;

    private Directories() {
    }

    static Fd open(Fd parent, byte[] name) throws NativeError {
        return new Fd(NativeError.check(Libc.C.openat(parent.number(), name,
                Sys.O_PATH | Sys.O_DIRECTORY | Sys.O_NOFOLLOW | Sys.O_CLOEXEC, 0)));
    }

    static List<String> names(Fd directory) throws NativeError {
        List<String> names = new ArrayList<>();
        forEachEntry(directory, (name, type) -> names.add(name));
        return names;
    }

    /** Every name in the directory but {@code .} and {@code ..}, with its {@code d_type}. */
    static void forEachEntry(Fd directory, EntryVisitor visitor) throws NativeError {
        int readable = NativeError.check(Libc.C.openat(Sys.AT_FDCWD,
                RelativePath.bytes("/proc/self/fd/" + directory.number()),
                Sys.O_RDONLY | Sys.O_DIRECTORY | Sys.O_CLOEXEC, 0));
        Pointer stream = Libc.C.fdopendir(readable);
        if (stream == null) {
            Libc.C.close(readable);
            throw new IllegalStateException("fdopendir failed on a directory just opened");
        }
        try {
            for (Pointer entry = Libc.C.readdir(stream); entry != null; entry = Libc.C.readdir(stream)) {
                String name = entry.getString(DIRENT_NAME, "UTF-8");
                if (!name.equals(".") && !name.equals("..")) {
                    visitor.visit(name, entry.getByte(DIRENT_TYPE));
                }
            }
        } finally {
            Libc.C.closedir(stream);
        }
    }

    interface EntryVisitor {
        void visit(String name, byte type);
    }
}
