package dev.talon.devtools;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The bounce demo: kill the worker that runs slow tools and watch the turns finish on the survivor. */
@Command(name = "chaos", description = "The bounce demo: a Temporal dev server, two workers and a REST server; "
        + "turns with slow shell commands; SIGKILL the worker running them; the turns finish on the survivor. "
        + "Ends with the measured line chaos: turns=N completed=N lost=0 duplicates=0; exits 0 only when no turn "
        + "is lost, no session line duplicated and every reply and session record is right.")
final class ChaosCommand implements Callable<Integer> {

    // kept referenced: a logger whose level was set must not be collected
    private static final Logger TEMPORAL_LOG = Logger.getLogger("io.temporal");

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--home", defaultValue = ".talon/chaos",
            description = "working dir: dev server file, data, logs; cleared first (default: ${DEFAULT-VALUE})")
    Path home;

    @Option(names = "--turns", defaultValue = "5", description = "turns to submit (default: ${DEFAULT-VALUE})")
    int turns;

    @Option(names = "--sleep", defaultValue = "6", description = "seconds each turn's shell command sleeps (default: ${DEFAULT-VALUE})")
    int sleepSeconds;

    @Override
    public Integer call() throws Exception {
        if (turns < 1 || turns > 100 || sleepSeconds < 1 || sleepSeconds > 60) {
            System.err.println("talon chaos: --turns must be 1-100 and --sleep 1-60");
            return 2;
        }
        Optional<ClusterOptions.Cluster> found = cluster.resolve("chaos");
        if (found.isEmpty()) {
            return 2;
        }
        ClusterOptions.Cluster paths = found.get();
        TEMPORAL_LOG.setLevel(Level.WARNING); // the SDK's INFO lines would drown the demo's progress
        ChaosSummary summary = new BounceDemo(paths.jar(), paths.plugins(), paths.temporal(), home, turns, sleepSeconds, System.out).run();
        return summary.ok() ? 0 : 1;
    }
}
