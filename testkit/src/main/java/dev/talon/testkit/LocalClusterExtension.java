package dev.talon.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link LocalCluster} for a JUnit 5 test: a Temporal dev server, workers and a REST server from this build's
 * platform jar and plugin zips, started before and killed (by pid, process tree and all) after. Registered on a
 * {@code static} field with {@code @RegisterExtension} it lives for the class; on an instance field, for each test.
 *
 * <p>Where things are: system properties {@code talon.test.platform-jar}, {@code talon.test.plugins-dir} and
 * {@code talon.test.project-dir} (the failsafe configuration sets them), else the paths of a checkout. The
 * Temporal CLI comes from {@link LocalCluster#findTemporal(Path)}. The cluster's work dir is
 * {@code testkit/target/chaos/<name>}.
 */
public final class LocalClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final String name;
    private final int workers;
    private final List<String> jvmFlags;
    private final String extraTenants;
    private boolean perClass;
    private LocalCluster cluster;
    private List<ClusterProcess> startedWorkers = List.of();

    private LocalClusterExtension(String name, int workers) {
        this(name, workers, List.of(), "");
    }

    private LocalClusterExtension(String name, int workers, List<String> jvmFlags, String extraTenants) {
        if (!name.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("a cluster name is 1-64 of a-z, 0-9 and '-': " + name);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("a cluster needs at least one worker: " + workers);
        }
        this.name = name;
        this.workers = workers;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.extraTenants = extraTenants;
    }

    /** A cluster with one worker and a REST server; its work dir is named after it. */
    public static LocalClusterExtension named(String name) {
        return new LocalClusterExtension(name, 1);
    }

    /** The same cluster with {@code count} workers (and the one REST server). */
    public LocalClusterExtension withWorkers(int count) {
        return new LocalClusterExtension(name, count, jvmFlags, extraTenants);
    }

    /** The same cluster with more JVM flags for every platform process. */
    public LocalClusterExtension withJvmFlags(String... flags) {
        return new LocalClusterExtension(name, workers, List.of(flags), extraTenants);
    }

    /** The work dir of a cluster with this name, known before it starts. */
    public static Path workDir(String name) {
        return projectDir().resolve("testkit/target/chaos").resolve(name);
    }

    /** The same cluster with more tenants (see {@link LocalCluster#addTenants(String)}), e.g. one on an HTTP stub. */
    public LocalClusterExtension withTenants(String tenantsYaml) {
        return new LocalClusterExtension(name, workers, jvmFlags, extraTenants + tenantsYaml);
    }

    /** The running cluster; only between start and stop. */
    public LocalCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster " + name + " is not running (used outside a test?)");
        }
        return cluster;
    }

    /** The workers started with the cluster, in start order (later ones: {@link LocalCluster#workers()}). */
    public List<ClusterProcess> startedWorkers() {
        cluster();
        return startedWorkers;
    }

    /** Checkout root: {@code talon.test.project-dir}, else the parent of the working dir (a module). */
    public static Path projectDir() {
        return Path.of(System.getProperty("talon.test.project-dir", "..")).toAbsolutePath().normalize();
    }

    /** One progress line on stdout, timestamped, so a failed run's output tells what happened when. */
    public static void log(String line) {
        System.out.println("[chaos " + LocalTime.now().format(TIME) + "] " + line);
        System.out.flush();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /**
     * A cluster of this build, not started, for a test that must put something between its parts (a proxy in
     * front of Temporal, say) and so starts and closes it itself.
     */
    public static LocalCluster newCluster(String name) throws IOException {
        Path project = projectDir();
        Path jar = Path.of(System.getProperty("talon.test.platform-jar",
                project.resolve("platform/target/talon-platform.jar").toString()));
        Path zips = Path.of(System.getProperty("talon.test.plugins-dir",
                project.resolve("platform/target/plugins").toString()));
        Path temporal = LocalCluster.findTemporal(project).orElseThrow(() -> new IllegalStateException(
                "no Temporal CLI: set TALON_TEMPORAL_BIN, put temporal on PATH or run bin/talon setup"));
        Path workDir = workDir(name);
        log("---- " + name + " (work dir " + workDir + ")");
        return new LocalCluster(jar, zips, temporal, workDir, LocalClusterExtension::log);
    }

    private void start() throws IOException, InterruptedException {
        cluster = newCluster(name);
        cluster.addJvmFlags(jvmFlags);
        try {
            if (!extraTenants.isEmpty()) {
                cluster.addTenants(extraTenants);
            }
            cluster.startTemporal();
            startedWorkers = List.copyOf(cluster.startWorkersAndServer(workers));
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void stop() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
            startedWorkers = List.of();
        }
    }
}
