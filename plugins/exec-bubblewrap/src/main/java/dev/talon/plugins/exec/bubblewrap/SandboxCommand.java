package dev.talon.plugins.exec.bubblewrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The bwrap command line for one shell command. The sandbox starts from an empty root and gets only what a
 * shell needs: the system read-only, a short list of harmless files from {@code /etc} (not {@code /etc}
 * itself: it holds {@code shadow}, {@code npmrc}, {@code pip.conf} and other places for secrets), fresh
 * {@code /proc}, {@code /dev} and {@code /tmp}, and the tenant's workspace at {@link #WORKSPACE}, the only host
 * directory it can write.
 *
 * <p>Only the workspace root is bound, and the command's directory is given to {@code --chdir} as a path inside
 * the sandbox: it is resolved there, after every mount, where nothing of the host but what is listed here exists.
 * A directory below the root is the tenant's, so resolving it on the host (as the platform) would follow whatever
 * link a racing command just put there.
 */
final class SandboxCommand {

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Where the workspace is inside every sandbox; also the command's {@code HOME}. */
    static final String WORKSPACE = "/workspace";

    /** Top-level system directories: bound read-only, or recreated as the symlinks they are on merged-/usr hosts. */
    static final List<String> SYSTEM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /** What programs read from /etc: users and groups by name, name resolution, TLS roots, the loader, the time zone. */
    static final List<String> ETC_FILES = List.of(
            "passwd", "group", "nsswitch.conf", "hosts", "host.conf", "resolv.conf", "gai.conf", "services",
            "protocols", "networks", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "ssl/certs",
            "ca-certificates", "localtime", "timezone", "os-release", "debian_version", "lsb-release", "mime.types",
            "magic", "magic.mime", "locale.alias");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final long MIB = 1024L * 1024L;

    private SandboxCommand() {
    }

    /**
     * @param workspace the host directory bound read-write at {@link #WORKSPACE}: the tenant's workspace root, or
     *                  where {@link RootHandoff} put it for an unprivileged bwrap
     * @param workDir   where the command starts, relative to the workspace, lexically normalized (no {@code ..})
     */
    static List<String> of(SandboxSettings settings, Path bwrap, Path prlimit, Path workspace, Path workDir,
                           Map<String, String> env, String command) {
        return of(settings, bwrap, prlimit, workspace, workDir, env, List.of("/bin/sh", "-c", command));
    }

    /** As {@link #of(SandboxSettings, Path, Path, Path, Path, Map, String)}, running {@code program} as given. */
    static List<String> of(SandboxSettings settings, Path bwrap, Path prlimit, Path workspace, Path workDir,
                           Map<String, String> env, List<String> program) {
        String start = inside(workDir);
        List<String> args = new ArrayList<>(List.of(bwrap.toString(),
                // new pid, net, ipc, uts and cgroup namespaces; a user namespace in which nesting is switched off
                "--unshare-all", "--unshare-user", "--disable-userns"));
        if (settings.network()) {
            args.add("--share-net");
        }
        args.addAll(List.of(
                "--die-with-parent",   // the worker's death kills the sandbox
                "--new-session",       // no TIOCSTI into the worker's terminal
                "--cap-drop", "ALL",   // as root, bwrap would otherwise keep every capability inside
                "--hostname", "sandbox",
                "--ro-bind", "/usr", "/usr"));
        for (String dir : SYSTEM_DIRS) {
            systemDir(args, Path.of(dir));
        }
        args.addAll(List.of("--perms", "0755", "--dir", "/etc"));
        for (String name : ETC_FILES) {
            args.addAll(List.of("--ro-bind-try", "/etc/" + name, "/etc/" + name));
        }
        args.addAll(List.of(
                "--proc", "/proc",
                "--dev", "/dev",
                "--size", Long.toString(settings.tmpMb() * MIB), "--tmpfs", "/tmp"));
        // Mounts stack in order: these come after /tmp so that a path under /tmp is not hidden by the fresh tmpfs,
        // and the workspace comes last so that no read-only bind of a parent hides it.
        for (Path extra : settings.extraReadOnly()) {
            args.addAll(List.of("--ro-bind-try", extra.toString(), extra.toString()));
        }
        args.addAll(List.of(
                "--bind", workspace.toString(), WORKSPACE,
                // the empty root bwrap built, with the parents of the mount points: nothing more to write there
                "--remount-ro", "/",
                // resolved inside the sandbox, after the mounts: a link there leads only to what the sandbox shows
                "--chdir", start,
                "--clearenv"));
        Map<String, String> environment = new TreeMap<>();
        environment.put("PATH", PATH);
        environment.put("HOME", WORKSPACE);
        environment.put("LANG", "C.UTF-8");
        environment.put("TERM", "dumb");
        environment.putAll(env);
        environment.forEach((name, value) -> {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a valid environment variable name: " + name);
            }
            args.addAll(List.of("--setenv", name, value));
        });
        args.addAll(List.of("--", prlimit.toString(),
                "--as=" + settings.memoryMb() * MIB,
                "--cpu=" + settings.cpuSeconds(),
                "--nproc=" + settings.maxProcesses(),
                "--core=0",            // a core dump of a sandboxed program has no reader
                "--"));
        args.addAll(program);
        return args;
    }

    /** {@code workDir} (relative to the workspace) as a path inside the sandbox. */
    static String inside(Path workDir) {
        if (workDir.isAbsolute()) {
            throw new IllegalArgumentException("the working directory must be relative to the workspace: " + workDir);
        }
        StringBuilder path = new StringBuilder(WORKSPACE);
        for (Path part : workDir.normalize()) {
            String name = part.toString();
            if (name.equals("..")) {
                throw new IllegalArgumentException("the working directory leaves the workspace: " + workDir);
            }
            if (!name.isEmpty()) {
                path.append('/').append(name);
            }
        }
        return path.toString();
    }

    private static void systemDir(List<String> args, Path dir) {
        if (Files.isSymbolicLink(dir)) {
            try {
                args.addAll(List.of("--symlink", Files.readSymbolicLink(dir).toString(), dir.toString()));
            } catch (IOException e) {
                // changed while we looked: leave it out, /usr is there
            }
        } else if (Files.isDirectory(dir)) {
            args.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
        }
    }
}
