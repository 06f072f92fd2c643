package dev.talon.files;

/** Words for the errors a workspace operation meets, so a message says more than a number. */
final class Errno {

    private Errno() {
    }

    static String describe(int errno) {
        return switch (errno) {
            case 1 -> "operation not permitted";
            case 2 -> "no such file or directory";
            case 5 -> "input/output error";
            case 13 -> "permission denied";
            case 17 -> "file exists";
            case 20 -> "not a directory";
            case 21 -> "is a directory";
            case 24 -> "too many open files";
            case 27 -> "file too large";
            case 28 -> "no space left on device";
            case 30 -> "read-only file system";
            case 36 -> "name too long";
            case 39 -> "directory not empty";
            case 40 -> "a symbolic link, not followed";
            case 122 -> "disk quota exceeded";
            default -> "system error " + errno;
        };
    }
}
