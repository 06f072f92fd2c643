package dev.talon.plugins.exec.bubblewrap;

import dev.talon.api.PluginContext;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plugin's settings ({@code talon.plugins.exec-bubblewrap.<key>}), the same for every tenant using the
 * backend. A value that does not parse falls back to the default, which is always the stricter choice, and is
 * logged: a typo must not open the sandbox up.
 *
 * @param memoryMb       address space per process ({@code RLIMIT_AS}), in MiB
 * @param cpuSeconds     CPU time per process ({@code RLIMIT_CPU}); the wall-clock timeout is the tenant's
 * @param maxProcesses   processes of one sandbox ({@code RLIMIT_NPROC} of its user, counted in its own user namespace)
 * @param network        share the host's network instead of an empty network namespace
 * @param tmpMb          size of the private {@code /tmp}, in MiB
 * @param extraReadOnly  more host paths to show read-only, at the same place (e.g. {@code /opt/tools})
 * @param bwrap          where bwrap is, when not on the {@code PATH} or in {@code /usr/bin}
 * @param uids           {@code uid-range}: the host uids sandboxes run as when the platform runs as root, one per
 *                       tenant (see {@link UidRange}); unused otherwise, as sandboxes then run as the platform's user
 */
record SandboxSettings(long memoryMb, long cpuSeconds, long maxProcesses, boolean network, long tmpMb,
                       List<Path> extraReadOnly, Optional<Path> bwrap, UidRange uids) {

    /**
     * Far above the uids useradd hands out and above the subordinate ranges of /etc/subuid (100000, then 65536 per
     * user), below 2^31: no real user, container or daemon owns these.
     */
    static final UidRange DEFAULT_UIDS = new UidRange(2_000_000_000L, 2_000_065_535L);

    static final SandboxSettings DEFAULTS = new SandboxSettings(1024, 60, 256, false, 256, List.of(), Optional.empty(),
            DEFAULT_UIDS);

    SandboxSettings {
        extraReadOnly = List.copyOf(extraReadOnly);
    }

    static SandboxSettings from(PluginContext context) {
        System.Logger log = context.logger();
        return new SandboxSettings(
                positive(context, "memory-mb", DEFAULTS.memoryMb(), log),
                positive(context, "cpu-seconds", DEFAULTS.cpuSeconds(), log),
                positive(context, "max-processes", DEFAULTS.maxProcesses(), log),
                bool(context, "network", log),
                positive(context, "tmp-mb", DEFAULTS.tmpMb(), log),
                paths(context, "ro-binds", log),
                context.config("bwrap").map(String::strip).filter(value -> !value.isEmpty()).map(Path::of),
                uids(context, "uid-range", log));
    }

    private static UidRange uids(PluginContext context, String key, System.Logger log) {
        Optional<String> value = context.config(key).map(String::strip).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return DEFAULT_UIDS;
        }
        Optional<UidRange> parsed = UidRange.parse(value.get());
        if (parsed.isEmpty()) {
            log.log(System.Logger.Level.WARNING, "{0} must be FIRST-LAST (or one uid) within {1}-{2}, not \"{3}\"; "
                    + "using {4}", key, Long.toString(UidRange.MIN_UID), Long.toString(UidRange.MAX_UID), value.get(),
                    DEFAULT_UIDS.toString());
        }
        return parsed.orElse(DEFAULT_UIDS);
    }

    private static long positive(PluginContext context, String key, long fallback, System.Logger log) {
        Optional<String> value = context.config(key).map(String::strip);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        log.log(System.Logger.Level.WARNING, "{0} must be a positive whole number, not \"{1}\"; using {2}",
                key, value.get(), fallback);
        return fallback;
    }

    private static boolean bool(PluginContext context, String key, System.Logger log) {
        Optional<String> value = context.config(key).map(v -> v.strip().toLowerCase(Locale.ROOT));
        if (value.isEmpty() || value.get().equals("false")) {
            return false;
        }
        if (value.get().equals("true")) {
            return true;
        }
        log.log(System.Logger.Level.WARNING, "{0} must be true or false, not \"{1}\"; using false", key, value.get());
        return false;
    }

    private static List<Path> paths(PluginContext context, String key, System.Logger log) {
        List<Path> paths = new ArrayList<>();
        for (String part : context.config(key).orElse("").split(",")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                Path path = Path.of(trimmed);
                if (path.isAbsolute()) {
                    paths.add(path.normalize());
                    continue;
                }
            } catch (InvalidPathException e) {
                // reported below
            }
            log.log(System.Logger.Level.WARNING, "{0}: \"{1}\" is not an absolute path; left out", key, trimmed);
        }
        return paths;
    }
}
