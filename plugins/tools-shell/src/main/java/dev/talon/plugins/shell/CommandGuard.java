package dev.talon.plugins.shell;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses commands that look destructive, as nanobot does. This catches a model's accidents, not an attacker:
 * quoting, variables or {@code eval} get around any pattern list. Isolation is the exec backend's job.
 */
final class CommandGuard {

    private record DeniedPattern(String what, Pattern pattern) {
    }

    private static final List<DeniedPattern> DENIED = List.of(
            // any rm whose options include r or f: rm -r, rm -rf, rm -fr, rm -Rf, rm -f, rm -v -rf, rm --recursive
            denied("recursive or forced rm", "\\brm\\s+(?:[^;&|\\n]*\\s)?(?:-[a-z]*[rf][a-z]*|--recursive|--force)\\b"),
            denied("file system creation", "\\bmkfs\\b"),
            denied("raw disk copy", "\\bdd\\b[^;&|\\n]*\\bif="),
            denied("writing to a disk device", ">\\s*/dev/(?:sd|hd|vd|xvd|nvme)"),
            denied("power off or reboot", "\\b(?:shutdown|reboot|poweroff|halt)\\b"),
            denied("fork bomb", ":\\s*\\(\\s*\\)\\s*\\{.*\\}\\s*;\\s*:"));

    private CommandGuard() {
    }

    /** What the command looks like it would do, when that is on the deny list. */
    static Optional<String> deniedReason(String command) {
        String lowered = command.toLowerCase(Locale.ROOT);
        return DENIED.stream()
                .filter(denied -> denied.pattern().matcher(lowered).find())
                .map(DeniedPattern::what)
                .findFirst();
    }

    private static DeniedPattern denied(String what, String regex) {
        return new DeniedPattern(what, Pattern.compile(regex, Pattern.DOTALL));
    }
}
