package dev.talon.devtools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What SSE streams cost: CPU and a concurrent turn's latency, with no stream and with many on a running turn. */
@Command(name = "bench-sse", description = "Start a Temporal dev server, a worker and a REST server; measure their "
        + "CPU and a concurrent turn's latency with no SSE stream, then with --streams streams open on a running "
        + "turn; print both side by side. Exits 0 when the streams cost < 10% of a core and latency stays within 1.5x.")
final class BenchSseCommand implements Callable<Integer> {

    // kept referenced: a logger whose level was set must not be collected
    private static final Logger TEMPORAL_LOG = Logger.getLogger("io.temporal");

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Option(names = "--home", defaultValue = ".talon/bench-sse",
            description = "working dir: dev server file, data, logs; cleared first (default: ${DEFAULT-VALUE})")
    Path home;

    @Option(names = "--streams", defaultValue = "1000", description = "SSE streams on the running turn (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--samples", defaultValue = "10", description = "concurrent turns timed per phase (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--window", defaultValue = "20", description = "seconds of CPU measured per phase (default: ${DEFAULT-VALUE})")
    int windowSeconds;

    @Override
    public Integer call() throws Exception {
        if (streams < 1 || streams > 10_000 || samples < 1 || samples > 1_000 || windowSeconds < 1 || windowSeconds > 600) {
            System.err.println("talon bench-sse: --streams must be 1-10000, --samples 1-1000, --window 1-600");
            return 2;
        }
        Optional<ClusterOptions.Cluster> found = cluster.resolve("bench-sse");
        if (found.isEmpty()) {
            return 2;
        }
        ClusterOptions.Cluster paths = found.get();
        TEMPORAL_LOG.setLevel(Level.WARNING);
        boolean met = new SseBenchmark(paths.jar(), paths.plugins(), paths.temporal(), home, streams, samples,
                Duration.ofSeconds(windowSeconds), System.out).run();
        return met ? 0 : 1;
    }
}
