package dev.talon.devtools;

import dev.talon.devtools.bench.BenchReport;
import dev.talon.devtools.bench.ServerRun;
import dev.talon.devtools.bench.TurnBenchmark;
import dev.talon.testkit.DevServerTuning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Talon's turn against bare Temporal with the same activities, on the same dev server (docs/performance.md). */
@Command(name = "bench", description = "Start a zero-latency fake LLM, a Temporal dev server, a worker and a REST "
        + "server; time K-step turns (K LLM calls with a list_dir each) sequentially and concurrently beside a bare "
        + "Temporal workflow of 2K+3 no-op activities on the same server; print Talon vs floor and write JSON.")
final class BenchCommand implements Callable<Integer> {

    // kept referenced: a logger whose level was set must not be collected
    private static final Logger TEMPORAL_LOG = Logger.getLogger("io.temporal");

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--home", defaultValue = ".talon/bench",
            description = "working dir: dev server files, data, logs; cleared first (default: ${DEFAULT-VALUE})")
    Path home;

    @Option(names = "--server", split = ",", defaultValue = "default,tuned",
            description = "dev servers to run against, one after the other: default, rps (only the transfer poll "
                    + "rate), tuned (default: ${DEFAULT-VALUE})")
    List<String> servers;

    @Option(names = "--steps", split = ",", defaultValue = "1,5,20", description = "K of the sequential runs (default: ${DEFAULT-VALUE})")
    List<Integer> steps;

    @Option(names = "--concurrency", split = ",", defaultValue = "50,200",
            description = "concurrent K=5 turns per burst (default: ${DEFAULT-VALUE})")
    List<Integer> concurrency;

    @Option(names = "--repetitions", defaultValue = "5",
            description = "sequential turns at K=20 (x2 at K=5, x4 at K=1) (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--quick", description = "a few minutes on 2 cores: 2 repetitions, bursts of 20 and 50")
    boolean quick;

    @Option(names = "--json", defaultValue = ".talon/bench/bench.json", description = "where the JSON goes (default: ${DEFAULT-VALUE})")
    Path json;

    @Override
    public Integer call() throws Exception {
        List<DevServerTuning> tunings = new ArrayList<>();
        try {
            for (String s : servers) {
                tunings.add(DevServerTuning.parse(s));
            }
        } catch (IllegalArgumentException e) {
            System.err.println("talon bench: --server takes default, rps or tuned");
            return 2;
        }
        if (quick) {
            repetitions = 2;
            concurrency = List.of(20, 50);
        }
        if (repetitions < 1 || repetitions > 100 || steps.stream().anyMatch(k -> k < 1 || k > 90)
                || concurrency.stream().anyMatch(n -> n < 1 || n > 1000)) {
            System.err.println("talon bench: --repetitions must be 1-100, --steps 1-90, --concurrency 1-1000");
            return 2;
        }
        Optional<ClusterOptions.Cluster> found = cluster.resolve("bench");
        if (found.isEmpty()) {
            return 2;
        }
        ClusterOptions.Cluster paths = found.get();
        TEMPORAL_LOG.setLevel(Level.WARNING);
        String loadBefore = load();
        System.out.println("bench: load average before: " + loadBefore + " on "
                + Runtime.getRuntime().availableProcessors() + " cores");
        List<ServerRun> runs = new TurnBenchmark(new TurnBenchmark.Settings(paths.jar(), paths.plugins(),
                paths.temporal(), home, tunings, steps, repetitions, concurrency, 5), line -> {
            System.out.println("bench: " + line);
            System.out.flush();
        }).run();
        BenchReport.print(runs, System.out);
        String load = loadBefore + " before, " + load() + " after";
        System.out.println("load average: " + load);
        BenchReport.writeJson(runs, load, json);
        System.out.println("JSON: " + json.toAbsolutePath());
        return 0;
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
