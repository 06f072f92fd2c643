package dev.talon.kubetest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Kubernetes control plane for one test class: etcd, kube-apiserver, controller-manager, scheduler, a kwok
 * fake node (pods go Running without containers), the agent-sandbox controller and a {@code kubectl proxy}, each a
 * process on free 127.0.0.1 ports, started and stopped by pid through {@code bin/kube-control-plane}.
 *
 * <p>The binaries are built once per machine from pinned Go modules, outside the clone ({@code bin/kube-control-plane
 * build}, which {@code bin/talon setup} runs). When they are missing this fails, unless {@code TALON_SKIP_K8S} is
 * set: then the tests are skipped with that reason, never silently.
 */
public final class KubeControlPlane implements AutoCloseable {

    /** Set (to anything) where the Go build cannot run: the Kubernetes ITs are skipped with a message. */
    public static final String SKIP_ENV = "TALON_SKIP_K8S";

    private static final Duration START_PATIENCE = Duration.ofMinutes(8);

    private final Path script;
    private final Path runDir;
    private final Map<String, String> env;
    private final Thread stopOnExit;

    private KubeControlPlane(Path script, Path runDir, Map<String, String> env) {
        this.script = script;
        this.runDir = runDir;
        this.env = env;
        // a JVM that dies before close() must not leave the processes behind
        this.stopOnExit = new Thread(this::stop, "kube-control-plane-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts the whole control plane; its files, logs and pid files live in {@code runDir}. */
    public static KubeControlPlane start(Path runDir) {
        return start(runDir, false);
    }

    /**
     * Starts a control plane; with {@code apiOnly} just etcd, kube-apiserver and the proxy (no controllers, no
     * nodes): enough for ConfigMaps, watches, conflicts and CRDs, and lighter on a loaded machine.
     */
    public static KubeControlPlane start(Path runDir, boolean apiOnly) {
        Path script = projectDir().resolve("bin/kube-control-plane");
        if (!isBuilt(script, apiOnly)) {
            String why = "the Kubernetes test binaries are not built: run `bin/kube-control-plane build` (about 7 min"
                    + " on a fresh machine; `bin/talon setup` does it)";
            if (System.getenv(SKIP_ENV) != null) {
                org.junit.jupiter.api.Assumptions.abort(SKIP_ENV + " is set and " + why);
            }
            throw new IllegalStateException(why + ", or set " + SKIP_ENV + "=1 to skip the Kubernetes ITs");
        }
        run(apiOnly ? List.of(script.toString(), "start", runDir.toString(), "--api-only")
                : List.of(script.toString(), "start", runDir.toString()), START_PATIENCE);
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(runDir.resolve("env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            run(List.of(script.toString(), "stop", runDir.toString()), Duration.ofMinutes(1));
            throw new UncheckedIOException(e);
        }
        return new KubeControlPlane(script, runDir, env);
    }

    /** The kubeconfig (token auth, the test CA) for clients that read one. */
    public Path kubeconfig() {
        return Path.of(env.get("KUBECONFIG"));
    }

    /** A plain-HTTP URL without credentials ({@code kubectl proxy}), for clients configured by URL alone. */
    public String proxyUrl() {
        return env.get("PROXY_URL");
    }

    /** Where the processes' logs and pid files are. */
    public Path runDir() {
        return runDir;
    }

    /** Runs kubectl against this control plane; its output, or an exception with its error output. */
    public String kubectl(String... args) {
        List<String> command = new ArrayList<>(List.of(kubectlCommand(), "--kubeconfig", kubeconfig().toString()));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(3));
    }

    /** The kubectl the control plane was started with: the one built beside it, else the machine's. */
    private String kubectlCommand() {
        return env.getOrDefault("KUBECTL", "kubectl");
    }

    /** kubectl with {@code stdin} as its input (e.g. {@code apply -f -}). */
    public String kubectlWithInput(String stdin, String... args) {
        return kubectlOutput(stdin, args).stdout();
    }

    /** kubectl's stdout and stderr (warnings); {@code stdin} may be null. Throws when kubectl fails. */
    public CommandOutput kubectlOutput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(kubectlCommand(), "--kubeconfig", kubeconfig().toString()));
        command.addAll(List.of(args));
        return execute(command, Duration.ofMinutes(3), stdin);
    }

    /** Stops and restarts kube-apiserver alone (etcd keeps the data): every client's watch is cut. */
    public void restartApiServer() {
        run(List.of(script.toString(), "restart-apiserver", runDir.toString()), START_PATIENCE);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void stop() {
        run(List.of(script.toString(), "stop", runDir.toString()), Duration.ofMinutes(1));
    }

    private static boolean isBuilt(Path script, boolean apiOnly) {
        String cache = run(List.of(script.toString(), "path"), Duration.ofSeconds(30)).strip();
        return apiOnly
                ? Files.isExecutable(Path.of(cache, "bin/etcd")) && Files.isExecutable(Path.of(cache, "bin/kube-apiserver"))
                : Files.isRegularFile(Path.of(cache, ".complete"));
    }

    private static String run(List<String> command, Duration patience) {
        return run(command, patience, null);
    }

    private static String run(List<String> command, Duration patience, String stdin) {
        return execute(command, patience, stdin).stdout();
    }

    private static CommandOutput execute(List<String> command, Duration patience, String stdin) {
        try {
            Path errors = Files.createTempFile("kube-control-plane", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
                try (var in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                // stdout is read to the end before waiting, so a chatty command cannot block on a full pipe
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " took longer than " + patience);
                }
                String err = Files.readString(errors);
                if (!err.isBlank()) {
                    System.err.print(err); // progress lines of the script; kubectl's warnings
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit "
                            + process.exitValue() + "): " + err.strip());
                }
                return new CommandOutput(out, err);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** The checkout: {@code talon.test.project-dir} (set by failsafe), else the nearest folder up with bin/. */
    static Path projectDir() {
        String configured = System.getProperty("talon.test.project-dir");
        if (configured != null && Files.isExecutable(Path.of(configured, "bin/kube-control-plane"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/kube-control-plane"))) {
                return dir;
            }
        }
        throw new IllegalStateException("bin/kube-control-plane not found above " + Path.of("").toAbsolutePath());
    }
}
