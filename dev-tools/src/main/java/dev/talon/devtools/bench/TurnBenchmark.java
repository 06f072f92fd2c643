package dev.talon.devtools.bench;

import dev.talon.platform.client.TurnIds;
import dev.talon.platform.tenant.ApiKeys;
import dev.talon.testkit.ClusterProcess;
import dev.talon.testkit.DevServerTuning;
import dev.talon.testkit.FakeOpenAiServer;
import dev.talon.testkit.LocalCluster;
import dev.talon.testkit.TurnClient;
import dev.talon.testkit.TurnReply;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A turn of K steps (K LLM calls with a {@code list_dir} call each, against {@link FakeOpenAiServer}) through
 * the real processes of {@link LocalCluster} — REST server, worker, dev server — beside a bare-Temporal
 * {@link FloorWorkflow} running the same 2K+3 activities as no-ops on the same dev server, in the same run.
 * Each run alternates Talon and floor so that the machine's load hits both alike.
 */
public final class TurnBenchmark {

    static final String TENANT = "bench";
    private static final String KEY = "bench-key";
    private static final String FLOOR_QUEUE = "talon-bench-floor";
    private static final int TURN_TIMEOUT_SECONDS = 120;

    /** What to run. */
    public record Settings(Path jar, Path plugins, Path temporal, Path home, List<DevServerTuning> servers,
                           List<Integer> steps, int repetitions, List<Integer> concurrency, int concurrentSteps) {
    }

    private final Settings settings;
    private final Consumer<String> say;

    public TurnBenchmark(Settings settings, Consumer<String> say) {
        this.settings = settings;
        this.say = say;
    }

    public List<ServerRun> run() throws IOException, InterruptedException {
        List<ServerRun> runs = new ArrayList<>();
        for (DevServerTuning server : settings.servers()) {
            runs.add(against(server));
        }
        return runs;
    }

    private ServerRun against(DevServerTuning tuning) throws IOException, InterruptedException {
        say.accept("== dev server: " + tuning.label() + " " + tuning.dynamicConfig());
        try (FakeOpenAiServer llm = FakeOpenAiServer.start();
             LocalCluster cluster = new LocalCluster(settings.jar(), settings.plugins(), settings.temporal(),
                     settings.home().resolve(tuning.label()), line -> say.accept("  " + line))) {
            cluster.addTemporalFlags(tuning.flags());
            cluster.addTenants(tenantYaml(llm.baseUrl()));
            ClusterProcess temporal = cluster.startTemporal();
            ClusterProcess worker = cluster.startWorkersAndServer(1).getFirst();
            ClusterProcess server = cluster.server().orElseThrow();
            TurnClient turns = new TurnClient(URI.create("http://127.0.0.1:" + server.port()), TENANT, KEY);
            WorkflowServiceStubs service = cluster.temporalService();
            WorkflowClient client = WorkflowClient.newInstance(service,
                    WorkflowClientOptions.newBuilder().setNamespace(LocalCluster.NAMESPACE).build());
            WorkerFactory factory = WorkerFactory.newInstance(client);
            try {
                Worker floorWorker = factory.newWorker(FLOOR_QUEUE);
                floorWorker.registerWorkflowImplementationTypes(FloorWorkflowImpl.class);
                floorWorker.registerActivitiesImplementations(new NoopActivitiesImpl());
                factory.start();
                Runner runner = new Runner(turns, client, List.of(worker.pid(), server.pid()));
                say.accept("warming up (both sides, K=1 and K=5)");
                for (int i = 0; i < Math.max(3, settings.repetitions()); i++) {
                    Comparison first = runner.sequential(1, 1);
                    if (first.talon().failures() + first.floor().failures() > 0) {
                        throw new IllegalStateException("a warm-up run failed (see above and the logs in "
                                + cluster.logsDir() + "); nothing to measure");
                    }
                    runner.sequential(5, 1);
                }
                List<Comparison> comparisons = new ArrayList<>();
                String lastTurn = null;
                int lastSteps = 0;
                for (int k : settings.steps()) {
                    int reps = Math.max(1, settings.repetitions() * (k >= 20 ? 1 : k >= 5 ? 2 : 4));
                    say.accept("sequential K=" + k + ": " + reps + " turns and " + reps + " floor workflows");
                    Comparison c = runner.sequential(k, reps);
                    comparisons.add(c);
                    progress(c);
                    lastTurn = runner.lastTurnId;
                    lastSteps = k;
                }
                for (int n : settings.concurrency()) {
                    say.accept(n + " concurrent K=" + settings.concurrentSteps() + " turns, then " + n + " floor workflows");
                    Comparison c = runner.concurrent(settings.concurrentSteps(), n);
                    comparisons.add(c);
                    progress(c);
                }
                double talonBytes = lastTurn == null ? Double.NaN
                        : historyBytes(service, TurnIds.workflowId(TENANT, lastTurn)) / (double) lastSteps;
                double floorBytes = lastTurn == null ? Double.NaN
                        : historyBytes(service, runner.lastFloorId) / (double) lastSteps;
                return new ServerRun(tuning.label(), tuning.dynamicConfig(), comparisons, talonBytes, floorBytes,
                        ProcStats.rssMiB(worker.pid()), ProcStats.rssMiB(server.pid()), ProcStats.rssMiB(temporal.pid()));
            } finally {
                factory.shutdownNow();
            }
        }
    }

    private void progress(Comparison c) {
        say.accept(String.format(Locale.ROOT, "  %s: talon p50 %.3f s, floor p50 %.3f s (%.2fx), %d+%d failures",
                c.name(), c.talon().p50(), c.floor().p50(), c.talon().p50() / c.floor().p50(),
                c.talon().failures(), c.floor().failures()));
    }

    /** Runs turns and floor workflows; keeps the ids of the last ones for their histories. */
    private static final class Runner {
        private final TurnClient turns;
        private final WorkflowClient client;
        private final List<Long> platformPids;
        volatile String lastTurnId;
        volatile String lastFloorId;

        Runner(TurnClient turns, WorkflowClient client, List<Long> platformPids) {
            this.turns = turns;
            this.client = client;
            this.platformPids = platformPids;
        }

        Comparison sequential(int k, int reps) throws InterruptedException {
            List<Double> talon = new ArrayList<>();
            List<Double> floor = new ArrayList<>();
            int talonFailures = 0;
            int floorFailures = 0;
            double talonWall = 0;
            double floorWall = 0;
            double talonCpu = 0;
            double floorCpu = 0;
            for (int i = 0; i < reps; i++) {
                double cpu = cpu(platformPids);
                double t = turn(k);
                talonCpu += cpu(platformPids) - cpu;
                if (t < 0) {
                    talonFailures++;
                } else {
                    talon.add(t);
                    talonWall += t;
                }
                cpu = cpu(List.of(ProcessHandle.current().pid()));
                double f = floor(k);
                floorCpu += cpu(List.of(ProcessHandle.current().pid())) - cpu;
                if (f < 0) {
                    floorFailures++;
                } else {
                    floor.add(f);
                    floorWall += f;
                }
            }
            return new Comparison("sequential K=" + k, k, 1, Latencies.of(talon, talonFailures, talonWall, talonCpu),
                    Latencies.of(floor, floorFailures, floorWall, floorCpu));
        }

        Comparison concurrent(int k, int n) throws InterruptedException {
            Latencies talon = burst(n, () -> turn(k), platformPids);
            Latencies floor = burst(n, () -> floor(k), List.of(ProcessHandle.current().pid()));
            return new Comparison(n + " concurrent K=" + k, k, n, talon, floor);
        }

        private interface Timed {
            double run() throws InterruptedException;
        }

        private static Latencies burst(int n, Timed one, List<Long> pids) throws InterruptedException {
            List<Double> seconds = Collections.synchronizedList(new ArrayList<>());
            int failures = 0;
            double cpu = cpu(pids);
            long begin = System.nanoTime();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Double>> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    all.add(threads.submit(one::run));
                }
                for (Future<Double> f : all) {
                    try {
                        double s = f.get();
                        if (s < 0) {
                            failures++;
                        } else {
                            seconds.add(s);
                        }
                    } catch (ExecutionException e) {
                        failures++;
                    }
                }
            }
            double wall = (System.nanoTime() - begin) / 1e9;
            return Latencies.of(seconds, failures, wall, cpu(pids) - cpu);
        }

        /** One K-step turn through the REST API; its seconds, or -1 when it failed. */
        double turn(int k) throws InterruptedException {
            String turnId = "k" + k + "-" + System.nanoTime();
            long begin = System.nanoTime();
            try {
                TurnReply reply = turns.submit("s-" + turnId, "steps=" + k, turnId, true, TURN_TIMEOUT_SECONDS);
                if (reply.httpStatus() == 202) {
                    reply = turns.awaitFinished(turnId, Duration.ofSeconds(TURN_TIMEOUT_SECONDS));
                }
                if (!reply.completed()) {
                    System.err.println("bench: turn " + turnId + " did not complete: HTTP " + reply.httpStatus()
                            + " " + reply.body());
                    return -1;
                }
            } catch (IOException | java.util.concurrent.TimeoutException e) {
                System.err.println("bench: turn " + turnId + ": " + e);
                return -1;
            }
            lastTurnId = turnId;
            return (System.nanoTime() - begin) / 1e9;
        }

        /** One floor workflow of 2K+3 no-op activities; its seconds, or -1. */
        double floor(int k) {
            String id = "bench-floor/k" + k + "-" + System.nanoTime();
            long begin = System.nanoTime();
            try {
                FloorWorkflow workflow = client.newWorkflowStub(FloorWorkflow.class, WorkflowOptions.newBuilder()
                        .setTaskQueue(FLOOR_QUEUE).setWorkflowId(id)
                        .setWorkflowExecutionTimeout(Duration.ofSeconds(TURN_TIMEOUT_SECONDS)).build());
                workflow.run(2 * k + 3);
            } catch (RuntimeException e) {
                System.err.println("bench: floor workflow " + id + ": " + e);
                return -1;
            }
            lastFloorId = id;
            return (System.nanoTime() - begin) / 1e9;
        }

        private static double cpu(List<Long> pids) {
            return pids.stream().mapToDouble(ProcStats::cpuSeconds).sum();
        }
    }

    /** The serialized size of a workflow's whole history, every page. */
    private static long historyBytes(WorkflowServiceStubs service, String workflowId) {
        long bytes = 0;
        ByteString page = ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse response = service.blockingStub().getWorkflowExecutionHistory(
                    GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(LocalCluster.NAMESPACE)
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .setNextPageToken(page).build());
            bytes += response.getHistory().getSerializedSize();
            page = response.getNextPageToken();
        } while (!page.isEmpty());
        return bytes;
    }

    /** The bench tenant: provider-openai against the fake, list_dir from tools-workspace, room for 1,000 turns. */
    private static String tenantYaml(String baseUrl) {
        return """
                  %s:
                    apiKeys: ["%s"]
                    namespace: %s
                    taskQueue: talon-bench
                    plugins: [tools-workspace, provider-openai]
                    provider: {plugin: provider-openai, model: fake, baseUrl: "%s", options: {stream: "false"}}
                    limits: {maxIterations: 100, maxConcurrentTurns: 1000, historyWindow: 100}
                """.formatted(TENANT, ApiKeys.hash(KEY), LocalCluster.NAMESPACE, baseUrl);
    }
}
