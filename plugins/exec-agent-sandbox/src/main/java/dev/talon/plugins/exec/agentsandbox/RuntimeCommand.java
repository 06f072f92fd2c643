package dev.talon.plugins.exec.agentsandbox;

import dev.talon.api.ExecRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code command} string for the runtime's {@code POST /execute}, and the one that cancels it.
 *
 * <p>The runtime splits that string like a shell line ({@code shlex.split}) and runs the words directly,
 * without a shell, so {@code &&}, {@code |} or {@code $VAR} would reach the program as plain words. The line is
 * therefore {@code sh -c <script>} with every word single-quoted, and the tool's command travels as a
 * positional argument of that script, never spliced into it.
 *
 * <p>The runtime has no time limit and no way to stop a command, so the script brings both. It runs the command
 * under {@code timeout -s KILL} when the image has {@code timeout}: coreutils' makes itself a process group
 * leader and kills the whole group, so nothing the command started in the background outlives the limit, and
 * the runtime still answers with the output so far. It writes the group's id to a file named after this
 * command's {@link #id}, where {@link #cancelLine()} finds it when the caller gives up (a cancelled turn, or no
 * answer in time). Without {@code timeout}, {@code setsid} still gives the command a group of its own to kill;
 * with neither, only the command's shell can be killed.
 *
 * @param id    a random name for this command's files under {@code $TMPDIR} (or {@code /tmp}) in the sandbox
 * @param words what the runtime should run, before quoting
 */
record RuntimeCommand(String id, List<String> words) {

    /** {@code $0} of the scripts, shown by {@code sh} in some error messages. */
    static final String SCRIPT_NAME = "talon-exec";
    /**
     * $1 seconds, $2 id, $3 directory or empty, $4 the command, $5 the tenant whose workspace the sandbox must
     * mount, or empty. The pid file is written before the cancel marker is checked, and the canceller makes its
     * marker before it looks for the pid file, so a cancel that races the start is seen by one side or the other.
     */
    static final String SCRIPT = "t=$1; f=${TMPDIR:-/tmp}/talon-exec-$2; "
            + "if [ -n \"$5\" ] && [ \"${" + ClaimShape.TENANT_ENV + "-}\" != \"$5\" ]; then "
            + "echo \"agent-sandbox: this sandbox was not made for this tenant (" + ClaimShape.TENANT_ENV
            + "), so it does not hold its workspace; nothing ran\" >&2; exit 126; fi; "
            + "if [ -n \"$3\" ]; then cd \"$3\" || exit 126; fi; "
            + "if command -v timeout >/dev/null 2>&1; then timeout -s KILL \"$t\" sh -c \"$4\" & "
            + "elif command -v setsid >/dev/null 2>&1; then setsid sh -c \"$4\" & "
            + "else sh -c \"$4\" & fi; "
            + "c=$!; echo \"$c\" > \"$f.pid\"; "
            + "if [ -e \"$f.cancel\" ]; then kill -KILL -\"$c\" 2>/dev/null || kill -KILL \"$c\"; fi; "
            + "wait \"$c\"; r=$?; rm -f \"$f.pid\" \"$f.cancel\"; exit \"$r\"";
    /** $1 id. Kills the command's group, or its shell alone when it has no group of its own. */
    static final String CANCEL_SCRIPT = "f=${TMPDIR:-/tmp}/talon-exec-$1; : > \"$f.cancel\"; "
            + "if [ -f \"$f.pid\" ]; then c=$(cat \"$f.pid\"); "
            + "kill -KILL -\"$c\" 2>/dev/null || kill -KILL \"$c\"; fi; true";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    RuntimeCommand {
        words = List.copyOf(words);
    }

    /**
     * The request as the runtime's words.
     *
     * @param workspacePath where the sandbox mounts the tenant's workspace: the command starts at the request's
     *                      working directory below it, in a sandbox that must be the tenant's; empty: where the
     *                      runtime starts commands
     */
    static RuntimeCommand of(ExecRequest request, Optional<String> workspacePath) {
        String id = HexFormat.of().formatHex(randomBytes());
        List<String> words = new ArrayList<>();
        // the runtime takes no environment: env(1) sets it for the script and everything under it
        Map<String, String> variables = new TreeMap<>(request.env());
        variables.keySet().removeIf(name -> !ENV_NAME.matcher(name).matches());
        if (!variables.isEmpty()) {
            words.add("env");
            variables.forEach((name, value) -> words.add(name + "=" + value));
        }
        words.addAll(List.of("sh", "-c", SCRIPT, SCRIPT_NAME, Long.toString(seconds(request.timeout())), id,
                workspacePath.map(path -> inPod(path, request.relativeWorkDir())).orElse(""), request.command(),
                workspacePath.isPresent() ? request.tenant() : ""));
        return new RuntimeCommand(id, words);
    }

    // The working directory as a path in the pod: resolved there, where only the tenant's workspace is mounted.
    static String inPod(String workspacePath, Path relative) {
        StringBuilder path = new StringBuilder(workspacePath);
        for (Path part : relative) {
            if (!part.toString().isEmpty()) {
                path.append('/').append(part);
            }
        }
        return path.toString();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** The single string the runtime splits back into {@link #words}. */
    String line() {
        return join(words);
    }

    /** Kills this command and what it started, if it is still running; harmless when it is not. */
    String cancelLine() {
        return join(List.of("sh", "-c", CANCEL_SCRIPT, SCRIPT_NAME, id));
    }

    private static String join(List<String> words) {
        return words.stream().map(RuntimeCommand::quote).collect(Collectors.joining(" "));
    }

    // whole seconds, rounded up, for timeout(1) of any flavour (busybox takes no fractions)
    static long seconds(Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        return (millis + 999) / 1000;
    }

    // POSIX single quotes keep everything literal but the quote itself, which is closed, escaped, reopened;
    // shlex.split in POSIX mode undoes exactly this.
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
